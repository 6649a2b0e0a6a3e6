package org.payercrd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.fhir.EhrFhirServer;
import org.payercrd.fhir.FhirJson;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The README's docker-compose walkthrough without Docker: the demo requests (demo/requests/), which carry only the
 * draft order, answered from the seed patients the service reads from a FHIR server, as it reads them from the
 * compose HAPI server.
 */
class DemoWalkthroughTest extends RunningService {

    private static final String COVERED =
            "systemActions[0].resource.extension.find { it.url.endsWith('ext-coverage-information') }"
                    + ".extension.find { it.url == 'covered' }.valueCode";
    private static EhrFhirServer ehr;

    @Autowired
    FhirJson fhirJson;

    @BeforeAll
    static void startTheDemoFhirServer() {
        ehr = EhrFhirServer.start("demo-ehr-access-token");
    }

    @AfterAll
    static void stopTheDemoFhirServer() {
        ehr.close();
    }

    @Test
    void premeraMemberWithPancreaticCancerIsToldIreIsNotCovered() throws IOException {
        JsonPath answer = call("order-sign-pancreas.json");

        assertThat(answer.getString(COVERED)).isEqualTo("not-covered");
        assertThat(answer.getList("cards.indicator")).contains("warning");
    }

    @Test
    void premeraMemberWithAPacemakerIsAlsoWarnedOfTheContraindication() throws IOException {
        JsonPath answer = call("order-sign-pacemaker.json");

        assertThat(answer.getString(COVERED)).isEqualTo("not-covered");
        assertThat(answer.getList("cards.summary", String.class))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("pacemaker"));
    }

    @Test
    void medicareAdvantageMemberGetsNoAssertionUnderThisPolicy() throws IOException {
        JsonPath answer = call("order-sign-medicare-advantage.json");

        assertThat(answer.getList("systemActions")).isEmpty();
        assertThat(answer.getList("cards.summary", String.class))
                .anySatisfy(s -> assertThat(s).contains("Medicare Advantage"));
    }

    @Test
    void anotherPayersMemberGetsNothingFromThisPayer() throws IOException {
        JsonPath answer = call("order-sign-other-payer.json");

        assertThat(answer.getList("cards")).isEmpty();
        assertThat(answer.getList("systemActions")).isEmpty();
    }

    private JsonPath call(String request) throws IOException {
        Bundle seed = fhirJson.parse(Bundle.class, Files.readString(DemoSeedBundleTest.SEED), "seed");
        ehr.holding(
                seed.getEntry().stream().map(BundleEntryComponent::getResource).toList());
        String body =
                Files.readString(Path.of("demo/requests", request)).replace("http://hapi:8080/fhir", ehr.baseUrl());
        JsonPath answer =
                callService("crd-order-sign", body).statusCode(200).extract().jsonPath();
        return answer;
    }
}
