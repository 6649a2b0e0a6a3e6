package org.payercrd.operations;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.fhir.EhrFhirServer;

/** The Prometheus endpoint an operator scrapes, read as Prometheus reads it. */
class MetricsTest extends RunningService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ORDER_SIGN_ANSWERED =
            "crd_hook_calls_seconds_count{hook=\"order-sign\",outcome=\"answered\",service=\"crd-order-sign\"}";
    private static final String ORDER_SIGN_REJECTED =
            "crd_hook_calls_seconds_count{hook=\"order-sign\",outcome=\"rejected\",service=\"crd-order-sign\"}";
    private static final String UNKNOWN_SERVICE =
            "crd_hook_calls_seconds_count{hook=\"unknown\",outcome=\"rejected\",service=\"unknown\"}";
    private static final String IRE_NOT_COVERED =
            "crd_policy_decisions_total{outcome=\"not-covered\",policy=\"ire-nanoknife\"}";
    private static final String IRE_NO_ASSERTION =
            "crd_policy_decisions_total{outcome=\"no-assertion\",policy=\"ire-nanoknife\"}";

    @Test
    void answeredOrderSignCallIsCountedTimedInAHistogramAndItsDecisionCounted() {
        double calls = sample(ORDER_SIGN_ANSWERED);
        double notCovered = sample(IRE_NOT_COVERED);

        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200);

        String scrape = scrape();
        assertThat(sample(scrape, ORDER_SIGN_ANSWERED)).isEqualTo(calls + 1);
        assertThat(sample(scrape, IRE_NOT_COVERED)).isEqualTo(notCovered + 1);
        assertThat(scrape)
                .contains(
                        "crd_hook_calls_seconds_bucket{hook=\"order-sign\",outcome=\"answered\",service=\"crd-order-sign\",le=\"+Inf\"}");
    }

    @Test
    void anOrderThePolicyEvaluatesWithoutAssertingCoverageIsCountedAsNoAssertion() {
        double before = sample(IRE_NO_ASSERTION);

        // IRE for a Medicare Advantage member: the policy is evaluated, and out of scope it asserts nothing
        callService("crd-order-sign", fixture("requests/order-sign-ire-medicare-advantage.json"))
                .statusCode(200);

        assertThat(sample(IRE_NO_ASSERTION)).isEqualTo(before + 1);
    }

    @Test
    void anOrderNoPolicyGovernsIsNotEvaluatedSoNoDecisionIsCounted() {
        String scrape = scrape();
        double noAssertion = sample(scrape, IRE_NO_ASSERTION);
        double notCovered = sample(scrape, IRE_NOT_COVERED);

        callService("crd-order-sign", fixture("requests/order-sign-no-ire.json"))
                .statusCode(200);

        String after = scrape();
        assertThat(sample(after, IRE_NO_ASSERTION)).isEqualTo(noAssertion);
        assertThat(sample(after, IRE_NOT_COVERED)).isEqualTo(notCovered);
    }

    @Test
    void rejectedCallIsCountedAsRejected() {
        double before = sample(ORDER_SIGN_REJECTED);

        callService("crd-order-sign", "{\"hook\":\"order-sign\"}").statusCode(400);

        assertThat(sample(ORDER_SIGN_REJECTED)).isEqualTo(before + 1);
    }

    @Test
    void callsToUnknownServicesShareOneSeriesWhateverIdTheCallerInvents() {
        double before = sample(UNKNOWN_SERVICE);

        callService("made-up-" + System.nanoTime(), fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(404);

        String scrape = scrape();
        assertThat(sample(scrape, UNKNOWN_SERVICE)).isEqualTo(before + 1);
        assertThat(scrape).doesNotContain("made-up-");
    }

    @Test
    void readsFromTheEhrsFhirServerAreCountedAsFetchedOrFailedByPrefetchKey() throws IOException {
        String patientFetched = "crd_fallback_fetches_total{key=\"patient\",outcome=\"fetched\"}";
        String coverageFailed = "crd_fallback_fetches_total{key=\"coverage\",outcome=\"failed\"}";
        double fetched = sample(patientFetched);
        double failed = sample(coverageFailed);

        try (EhrFhirServer ehr = EhrFhirServer.start("tok-metrics").holding("ehr-server/Patient-pat-1.json")) {
            callService("crd-order-sign", withoutPrefetchReadingFrom(ehr.baseUrl()))
                    .statusCode(200);
        }
        EhrFhirServer gone = EhrFhirServer.start("tok-metrics");
        String nobodyThere = gone.baseUrl();
        gone.close();
        callService("crd-order-sign", withoutPrefetchReadingFrom(nobodyThere)).statusCode(200);

        String scrape = scrape();
        assertThat(sample(scrape, patientFetched)).isEqualTo(fetched + 1);
        assertThat(sample(scrape, coverageFailed)).isEqualTo(failed + 1);
    }

    private static String withoutPrefetchReadingFrom(String fhirServer) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(fixture("requests/order-sign-ire-0600T.json"));
        request.remove("prefetch");
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization")
                .put("access_token", "tok-metrics")
                .put("token_type", "Bearer")
                .put("expires_in", 300)
                .put("scope", "user/Patient.read user/Coverage.read")
                .put("subject", "crd");
        return JSON.writeValueAsString(request);
    }

    private static String scrape() {
        return get("/actuator/prometheus").then().statusCode(200).extract().asString();
    }

    private static double sample(String series) {
        return sample(scrape(), series);
    }

    /** The value of one series in the Prometheus text format; 0 when it has no sample yet. */
    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
