package org.payercrd.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payercrd.hooks.InvalidHookRequestException;

/**
 * What the EHR asked of the response through the request's {@code extension}: the CRD
 * {@code davinci-crd.configuration} switches (a response type set to {@code false} is left out,
 * {@code max-cards} caps the cards) and {@code davinci-crd.requestedVersion}. Unknown keys are ignored, as CRD
 * requires; a known key of the wrong type is the EHR's error.
 */
public record ResponseOptions(Set<String> disabled, Integer maxCards, String crdVersion) {

    public static final String CONFIGURATION = "davinci-crd.configuration";
    public static final String REQUESTED_VERSION = "davinci-crd.requestedVersion";
    public static final String MAX_CARDS = "max-cards";

    public static ResponseOptions from(Map<String, JsonNode> extension, Set<String> knownSwitches, String defaultVersion) {
        Set<String> disabled = new HashSet<>();
        Integer maxCards = null;
        JsonNode configuration = extension.get(CONFIGURATION);
        if (configuration != null && !configuration.isNull()) {
            if (!configuration.isObject()) {
                throw new InvalidHookRequestException(List.of("extension." + CONFIGURATION + " must be a JSON object"));
            }
            for (var entry : configuration.properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                if (MAX_CARDS.equals(key)) {
                    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
                        throw new InvalidHookRequestException(List.of(
                                "extension." + CONFIGURATION + "." + MAX_CARDS + " must be a non-negative integer"));
                    }
                    maxCards = value.asInt();
                } else if (knownSwitches.contains(key)) {
                    if (!value.isBoolean()) {
                        throw new InvalidHookRequestException(List.of(
                                "extension." + CONFIGURATION + "." + key + " must be true or false"));
                    }
                    if (!value.asBoolean()) {
                        disabled.add(key);
                    }
                }
            }
        }
        JsonNode requested = extension.get(REQUESTED_VERSION);
        String version = requested != null && requested.isTextual() ? requested.asText() : defaultVersion;
        return new ResponseOptions(Set.copyOf(disabled), maxCards, version);
    }

    public boolean enabled(String responseType) {
        return !disabled.contains(responseType);
    }
}
