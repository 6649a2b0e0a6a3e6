package org.payercrd.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.payercrd.CrdVersion;
import org.payercrd.hooks.InvalidHookRequestException;

/**
 * What the EHR asked of the response through the request's {@code extension}: the CRD
 * {@code davinci-crd.configuration} switches (a code set to {@code false} leaves out every response of that
 * type, {@code max-cards} caps the cards) and {@code davinci-crd.requestedVersion}.
 *
 * <p>CRD: servers "SHALL ignore unsupported configuration information" (dev-17), so unknown keys are ignored
 * (the Inferno suite sends the reference implementation's, e.g. {@code alt-drug}); a known key of the wrong type is
 * the EHR's error. Without a requested version the service answers in the first version it lists, 2.0: the shape
 * every CRD 2.0 client and the Inferno v2.0.1 suite understand.
 */
public record ResponseOptions(Set<String> disabled, int maxCards, CrdVersion crdVersion) {

    public static final String CONFIGURATION = "davinci-crd.configuration";
    public static final String REQUESTED_VERSION = "davinci-crd.requestedVersion";
    public static final String MAX_CARDS = "max-cards";
    /** The card cap when the EHR sets none; discovery advertises it as {@code max-cards}' default. */
    public static final int DEFAULT_MAX_CARDS = 10;

    public static ResponseOptions from(
            Map<String, JsonNode> extension, Set<String> knownSwitches, List<CrdVersion> supportedVersions) {
        Set<String> disabled = new HashSet<>();
        int maxCards = DEFAULT_MAX_CARDS;
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
                        throw new InvalidHookRequestException(
                                List.of("extension." + CONFIGURATION + "." + key + " must be true or false"));
                    }
                    if (!value.asBoolean()) {
                        disabled.add(key);
                    }
                }
            }
        }
        return new ResponseOptions(
                Set.copyOf(disabled), maxCards, version(extension.get(REQUESTED_VERSION), supportedVersions));
    }

    private static CrdVersion version(JsonNode requested, List<CrdVersion> supported) {
        if (requested == null || requested.isNull()) {
            return supported.get(0);
        }
        String label = requested.isTextual() ? requested.asText() : requested.toString();
        return CrdVersion.fromLabel(label)
                .filter(supported::contains)
                .orElseThrow(() -> new InvalidHookRequestException(List.of("extension." + REQUESTED_VERSION + " '"
                        + label + "' is not a CRD version this service speaks; it speaks "
                        + supported.stream().map(CrdVersion::label).collect(Collectors.joining(", ")))));
    }

    public boolean enabled(String responseType) {
        return !disabled.contains(responseType);
    }

    /** A response is left out when any of the types it belongs to is switched off. */
    public boolean allEnabled(Set<String> responseTypes) {
        return responseTypes.stream().allMatch(this::enabled);
    }
}
