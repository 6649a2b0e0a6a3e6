package org.payercrd.conformance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Inferno group "Discovery" (discovery_endpoint_test, discovery_services_validation_test), plus the CRD rules on
 * discovery the suite does not check: davinci-crd.version (dev-1, dev-2) and the configuration options (dev-4,
 * dev-5, dev-8).
 */
class DiscoveryGroupTest extends ConformanceSuite {

    private static final Set<String> CRD_HOOKS = Set.of(
            "appointment-book",
            "encounter-start",
            "encounter-discharge",
            "order-dispatch",
            "order-select",
            "order-sign");

    /** Context fields each hook defines, the only ones a standard prefetch token may name. */
    private static final Map<String, Set<String>> CONTEXT_FIELDS = Map.of(
            "order-sign", Set.of("userId", "patientId", "encounterId"),
            "order-select", Set.of("userId", "patientId", "encounterId"),
            "order-dispatch", Set.of("patientId"),
            "appointment-book", Set.of("userId", "patientId", "encounterId"),
            "encounter-start", Set.of("userId", "patientId", "encounterId"),
            "encounter-discharge", Set.of("userId", "patientId", "encounterId"));

    private static final Pattern TOKEN = Pattern.compile("\\{\\{context\\.([A-Za-z]+)}}");

    private JsonNode services() {
        Response response = given().accept("application/json").when().get("/cds-services");
        assertThat(response.statusCode()).isEqualTo(200);
        return read(response.asString()).path("services");
    }

    @Test
    void discoveryAnswers200WithAJsonObjectListingServices() {
        assertThat(services().isArray()).isTrue();
        assertThat(services()).isNotEmpty();
    }

    @Test
    void everyServiceHasAHookADescriptionAndAnIdAsStrings() {
        for (JsonNode service : services()) {
            assertThat(service.path("hook").isTextual())
                    .as("hook of %s", service)
                    .isTrue();
            assertThat(service.path("description").isTextual())
                    .as("description of %s", service)
                    .isTrue();
            assertThat(service.path("id").isTextual()).as("id of %s", service).isTrue();
        }
    }

    @Test
    void thereIsAServiceForEachOfTheSixCrdHooks() {
        Set<String> hooks = new HashSet<>();
        services().forEach(s -> hooks.add(s.path("hook").asText()));
        assertThat(hooks).containsAll(CRD_HOOKS);
    }

    @Test
    void everyServiceDeclaresCrd20And22AsTwoNodeVersions() {
        for (JsonNode service : services()) {
            JsonNode versions = service.path("extension").path("davinci-crd.version");
            assertThat(versions.isArray())
                    .as("davinci-crd.version of %s is an array", service.path("id"))
                    .isTrue();
            List<String> labels = new ArrayList<>();
            versions.forEach(v -> labels.add(v.asText()));
            assertThat(labels).containsExactly("2.0", "2.2");
        }
    }

    @Test
    void everyConfigurationOptionHasTheFourMandatoryElementsAndATypedDefault() {
        for (JsonNode service : services()) {
            for (JsonNode option : service.path("extension").path("davinci-crd.configuration-options")) {
                assertThat(option.path("code").isTextual())
                        .as("code of %s", option)
                        .isTrue();
                assertThat(option.path("name").isTextual())
                        .as("name of %s", option)
                        .isTrue();
                assertThat(option.path("description").isTextual())
                        .as("description of %s", option)
                        .isTrue();
                String type = option.path("type").asText();
                assertThat(type).isIn("boolean", "integer");
                JsonNode defaultValue = option.path("default");
                assertThat("boolean".equals(type) ? defaultValue.isBoolean() : defaultValue.isInt())
                        .as("default of %s matches its type", option)
                        .isTrue();
            }
        }
    }

    @Test
    void configurationCodesNamesAndDescriptionsAreUniqueWithinAService() {
        for (JsonNode service : services()) {
            JsonNode options = service.path("extension").path("davinci-crd.configuration-options");
            for (String element : List.of("code", "name", "description")) {
                List<String> values = StreamSupport.stream(options.spliterator(), false)
                        .map(o -> o.path(element).asText())
                        .toList();
                assertThat(values).as("%s of %s", element, service.path("id")).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void everyServiceOffersACoverageInfoSwitchAndMaxCards() {
        for (JsonNode service : services()) {
            JsonNode options = service.path("extension").path("davinci-crd.configuration-options");
            assertThat(option(options, "coverage-info").path("type").asText()).isEqualTo("boolean");
            assertThat(option(options, "max-cards").path("type").asText()).isEqualTo("integer");
        }
    }

    @Test
    void prefetchTemplatesUseOnlyTheHooksOwnContextFields() {
        for (JsonNode service : services()) {
            Set<String> fields = CONTEXT_FIELDS.get(service.path("hook").asText());
            service.path("prefetch").forEach(template -> {
                Matcher tokens = TOKEN.matcher(template.asText());
                while (tokens.find()) {
                    assertThat(fields)
                            .as("prefetch %s of %s", template, service.path("id"))
                            .contains(tokens.group(1));
                }
            });
        }
    }

    private static JsonNode option(JsonNode options, String code) {
        return StreamSupport.stream(options.spliterator(), false)
                .filter(o -> code.equals(o.path("code").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no configuration option " + code + " in " + options));
    }
}
