package org.payercrd.hooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** GET /cds-services: what an EHR reads to register the payer's services. */
class DiscoveryTest extends RunningService {

    @Test
    void listsOrderSignAndOrderSelectUnderDistinctIds() {
        given().get("/cds-services")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("services.hook", hasItems("order-sign", "order-select"))
                .body("services.find { it.hook == 'order-sign' }.id", equalTo("crd-order-sign"))
                .body("services.find { it.hook == 'order-select' }.id", equalTo("crd-order-select"));
    }

    @Test
    void everyServiceHasTitleDescriptionPrefetchAndUsageRequirements() {
        JsonPath discovery =
                given().get("/cds-services").then().statusCode(200).extract().jsonPath();
        for (String hook : List.of("order-sign", "order-select")) {
            String service = "services.find { it.hook == '" + hook + "' }.";
            org.hamcrest.MatcherAssert.assertThat(discovery.getString(service + "title"), notNullValue());
            org.hamcrest.MatcherAssert.assertThat(discovery.getString(service + "description"), notNullValue());
            org.hamcrest.MatcherAssert.assertThat(discovery.getString(service + "usageRequirements"), notNullValue());
            org.hamcrest.MatcherAssert.assertThat(
                    discovery.getString(service + "prefetch.patient"), equalTo("Patient/{{context.patientId}}"));
            org.hamcrest.MatcherAssert.assertThat(
                    discovery.getString(service + "prefetch.coverage"),
                    equalTo("Coverage?patient={{context.patientId}}&status=active"));
        }
    }

    @Test
    void advertisesOneBooleanOptionPerResponseTypeAndMaxCardsAndTheCrdVersion() {
        given().get("/cds-services")
                .then()
                .statusCode(200)
                .body("services[0].extension.'davinci-crd.version'", equalTo(java.util.List.of("2.0", "2.2")))
                .body(
                        "services[0].extension.'davinci-crd.configuration-options'.code",
                        hasItems("coverage-info", "external-reference", "instructions", "max-cards"))
                .body(
                        "services[0].extension.'davinci-crd.configuration-options'.find { it.code == 'instructions' }.type",
                        equalTo("boolean"))
                .body(
                        "services[0].extension.'davinci-crd.configuration-options'.find { it.code == 'max-cards' }.type",
                        equalTo("integer"));
    }
}
