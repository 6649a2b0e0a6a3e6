package org.payercrd.coverage;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.springframework.test.context.TestPropertySource;

/**
 * A deployment in strict payer mode (CRD 2.2 hook-13: 400 + OperationOutcome for a patient the payer does not
 * cover), with payer identifiers and an allowlist of EHR FHIR servers. Its own application context.
 */
@TestPropertySource(
        properties = {
            "crd.payer.strict=true",
            "crd.payer.identifiers[0]=http://www.naic.org|47570",
            "crd.fhir.allowed-servers[0]=https://ehr.example.org/fhir"
        })
class StrictPayerModeTest extends RunningService {

    @Test
    void coverageWithAnotherPayerIsRefusedWith400() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-other-payer.json"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("business-rule"))
                .body("issue[0].diagnostics", containsString("another payer"));
    }

    @Test
    void payorNamingNoPayerIsRefusedWith400() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-payor-unidentified.json"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("names no payer"));
    }

    @Test
    void payorCarryingOurIdentifierIsOurs() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-payor-identifier-ours.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("systemActions", hasSize(1));
    }

    @Test
    void aFhirServerOffTheAllowlistIsRefusedWith400() throws IOException {
        callService("crd-order-sign", withFhirServer("https://elsewhere.example.com/fhir"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("security"))
                .body("issue[0].diagnostics", containsString("https://elsewhere.example.com/fhir"));
    }

    @Test
    void aFhirServerOnTheAllowlistIsAcceptedWithOrWithoutTrailingSlash() throws IOException {
        callService("crd-order-sign", withFhirServer("https://ehr.example.org/fhir/"))
                .statusCode(200)
                .body("cards", hasSize(2));
    }

    private static String withFhirServer(String fhirServer) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode request = (ObjectNode) json.readTree(fixture("requests/order-sign-ire-0600T.json"));
        request.put("fhirServer", fhirServer);
        return json.writeValueAsString(request);
    }
}
