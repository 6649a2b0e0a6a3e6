package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;

class AuditedCallTest extends RunningService {

    @Autowired
    AuditRepository audit;

    @Test
    void answeredCallIsRecordedWithItsOrdersDataCardsAndAssertion() {
        String hookInstance = UUID.randomUUID().toString();
        JsonPath response = callService("crd-order-sign", orderSign(hookInstance))
                .statusCode(200)
                .extract()
                .jsonPath();

        List<ServiceCallRecord> calls = audit.callsFor(hookInstance);

        assertThat(calls).hasSize(1);
        ServiceCallRecord call = calls.get(0);
        assertThat(call.hook()).isEqualTo("order-sign");
        assertThat(call.serviceId()).isEqualTo("crd-order-sign");
        assertThat(call.patientId()).isEqualTo("pat-1");
        assertThat(call.orders()).containsExactly("ServiceRequest/ire-1");
        assertThat(call.prefetched()).containsExactly("conditions", "coverage", "devices", "patient");
        assertThat(call.fetched()).isEmpty();
        assertThat(call.unavailable()).isEmpty();
        assertThat(call.cards())
                .extracting(ServiceCallRecord.IssuedCard::uuid)
                .containsExactlyElementsOf(response.getList("cards.uuid", String.class));
        assertThat(JsonPath.from(call.responseJson()).getList("cards.uuid", String.class))
                .isEqualTo(response.getList("cards.uuid", String.class));
        assertThat(call.assertions()).singleElement().satisfies(assertion -> {
            assertThat(assertion.assertionId()).isEqualTo(assertionIdIn(response));
            assertThat(assertion.orderReference()).isEqualTo("ServiceRequest/ire-1");
            assertThat(assertion.coverageReference()).isEqualTo("Coverage/cov-1");
            assertThat(assertion.decision()).isEqualTo("not-covered");
        });
        assertThat(call.callerIssuer())
                .as("calls are unauthenticated in this context")
                .isNull();
    }

    @Test
    void assertionReturnedToTheEhrCanBeLookedUpByItsId() {
        JsonPath response = callService(
                        "crd-order-sign", orderSign(UUID.randomUUID().toString()))
                .statusCode(200)
                .extract()
                .jsonPath();
        String assertionId = assertionIdIn(response);

        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId))
                .body("serviceId", equalTo("crd-order-sign"))
                .body("patientId", equalTo("pat-1"))
                .body("orders", hasSize(1))
                .body("orders[0].orderReference", equalTo("ServiceRequest/ire-1"))
                .body("orders[0].coverageReference", equalTo("Coverage/cov-1"))
                .body("orders[0].decision", equalTo("not-covered"))
                .body("orders[0].policyUrl", equalTo("https://payercrd.org/fhir/Library/IreNanoKnifePolicy"))
                .body("orders[0].details.'coverage-assertion-id'", equalTo(assertionId));
    }

    @Test
    void unknownAssertionIdIsNotFound() {
        given().when()
                .get("/api/assertions/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.code", everyItem(equalTo("not-found")));
    }

    static String orderSign(String hookInstance) {
        return fixture("requests/order-sign-ire-0600T.json")
                .replace("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", hookInstance);
    }

    static String assertionIdIn(JsonPath response) {
        return response.getString("systemActions[0].resource.extension[0].extension"
                + ".find { it.url == 'coverage-assertion-id' }.valueString");
    }
}
