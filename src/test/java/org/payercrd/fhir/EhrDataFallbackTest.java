package org.payercrd.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.payercrd.fhir.EditedRequests.prefetch;
import static org.payercrd.fhir.EditedRequests.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.payercrd.CrdProperties;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Prefetch and the fallback reads from the EHR's FHIR server (CDS Hooks 2.0 "prefetch" and "FHIR resource
 * access"), against a real HAPI FHIR server in the test JVM that insists on the EHR's bearer token.
 */
class EhrDataFallbackTest extends RunningService {

    private static final String TOKEN = "ehr-access-token-7f3a9c";
    private static final String COVERAGE_SEARCH = "Coverage?patient=pat-1&status=active";
    private static final String CONDITION_SEARCH = "Condition?patient=pat-1&clinical-status=active";
    private static final String DEVICE_SEARCH = "Device?patient=pat-1";
    /** The service's time budget for EHR reads (crd.fhir.time-budget), plus the second the issue allows. */
    private static final Duration BUDGET_PLUS_ONE_SECOND = Duration.ofSeconds(3);

    private static final String NOT_CHECKED = "**Not checked:**";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EhrFhirServer ehr;

    @Autowired
    CrdProperties properties;

    @BeforeAll
    static void startEhrFhirServer() {
        ehr = EhrFhirServer.start(TOKEN).holding("ehr-server/Patient-pat-1.json", "ehr-server/Coverage-cov-ehr-1.json");
    }

    @AfterAll
    static void stopEhrFhirServer() {
        ehr.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        ehr.reset();
    }

    @Test
    void keysTheEhrDidNotPrefetchAreReadFromItsFhirServerWithItsBearerToken() {
        callService("crd-order-sign", request(r -> {
                    r.remove("prefetch");
                    withEhr(r, ehr.baseUrl(), TOKEN);
                }))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.detail", everyItem(not(containsString(NOT_CHECKED))))
                .body(
                        "systemActions[0].resource.extension[0].extension.find { it.url == 'coverage' }.valueReference.reference",
                        equalTo("Coverage/cov-ehr-1"));

        assertThat(ehr.requests())
                .extracting(EhrFhirServer.SeenRequest::pathAndQuery)
                .containsExactlyInAnyOrder("Patient/pat-1", COVERAGE_SEARCH, CONDITION_SEARCH, DEVICE_SEARCH);
        assertThat(ehr.requests()).allMatch(EhrFhirServer.SeenRequest::authorized);
    }

    /**
     * encounter-start declares six templates and crd.fhir.max-concurrent-reads-per-server is 4: the call's reads
     * share the permits it got, so none of them is refused because of its own call's other reads.
     */
    @Test
    void aCallWithMoreReadsThanTheServersBulkheadAllowsMakesThemAll() {
        callService(
                        "crd-encounter-start",
                        request("conformance/encounter-start/ire-order-pending-for-encounter.json", r -> {
                            r.remove("prefetch");
                            withEhr(r, ehr.baseUrl(), TOKEN);
                        }))
                .statusCode(200);

        assertThat(ehr.requests())
                .extracting(EhrFhirServer.SeenRequest::pathAndQuery)
                .containsExactlyInAnyOrder(
                        "Patient/pat-1",
                        COVERAGE_SEARCH,
                        "Encounter/enc-1",
                        "ServiceRequest?encounter=enc-1",
                        CONDITION_SEARCH,
                        DEVICE_SEARCH);
    }

    @Test
    void prefetchedKeysAreNotReadAgain() {
        callService("crd-order-sign", request(r -> withEhr(r, ehr.baseUrl(), TOKEN)))
                .statusCode(200)
                .body("cards", hasSize(2));

        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void aKeyPrefetchedAsNullIsKnownAbsentAndNotRead() {
        callService("crd-order-sign", request(r -> {
                    prefetch(r).putNull("coverage");
                    withEhr(r, ehr.baseUrl(), TOKEN);
                }))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.detail", everyItem(not(containsString(NOT_CHECKED))));

        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void aKeyPrefetchedAsOperationOutcomeIsReadFromTheFhirServer() {
        callService("crd-order-sign", request(r -> {
                    prefetch(r)
                            .set(
                                    "coverage",
                                    JSON.createObjectNode()
                                            .put("resourceType", "OperationOutcome")
                                            .set(
                                                    "issue",
                                                    JSON.createArrayNode()
                                                            .add(JSON.createObjectNode()
                                                                    .put("severity", "error")
                                                                    .put("code", "timeout"))));
                    withEhr(r, ehr.baseUrl(), TOKEN);
                }))
                .statusCode(200)
                .body(
                        "systemActions[0].resource.extension[0].extension.find { it.url == 'coverage' }.valueReference.reference",
                        equalTo("Coverage/cov-ehr-1"));

        assertThat(ehr.requests())
                .extracting(EhrFhirServer.SeenRequest::pathAndQuery)
                .containsExactly(COVERAGE_SEARCH);
    }

    @Test
    void aServerRefusingTheTokenGivesTheIreCardsSayingWhatWasNotChecked() {
        callService("crd-order-sign", request(r -> {
                    r.remove("prefetch");
                    withEhr(r, ehr.baseUrl(), "a-token-the-ehr-did-not-issue");
                }))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body(
                        "cards.detail",
                        everyItem(
                                containsString(
                                        NOT_CHECKED
                                                + " this advice was given without the patient's record, the patient's coverage (payer and plan), ")))
                .body("systemActions", empty());

        assertThat(ehr.requests()).hasSize(4).noneMatch(EhrFhirServer.SeenRequest::authorized);
    }

    @Test
    void aServerSlowerThanTheTimeBudgetStillGetsTheIreCardsInTime() {
        ehr.answerAfter(Duration.ofSeconds(6));
        long start = System.nanoTime();

        callService("crd-order-sign", request(r -> {
                    r.remove("prefetch");
                    withEhr(r, ehr.baseUrl(), TOKEN);
                }))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body("cards.detail", everyItem(containsString(NOT_CHECKED)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET_PLUS_ONE_SECOND);
    }

    @Test
    void anUnreachableServerStillGetsTheIreCardsInTime() {
        long start = System.nanoTime();

        callService("crd-order-sign", request(r -> {
                    r.remove("prefetch");
                    withEhr(r, "http://localhost:" + closedPort() + "/fhir", TOKEN);
                }))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.detail", everyItem(containsString(NOT_CHECKED)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET_PLUS_ONE_SECOND);
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenNeverLeavesTheEhrsServer() {
        try (EhrFhirServer elsewhere = EhrFhirServer.start(TOKEN)
                .holding("ehr-server/Patient-pat-1.json", "ehr-server/Coverage-cov-ehr-1.json")) {
            ehr.redirectTo(elsewhere.baseUrl());

            callService("crd-order-sign", request(r -> {
                        r.remove("prefetch");
                        withEhr(r, ehr.baseUrl(), TOKEN);
                    }))
                    .statusCode(200)
                    .body("cards", hasSize(2))
                    .body("cards.detail", everyItem(containsString(NOT_CHECKED)));

            assertThat(ehr.requests()).hasSize(4);
            assertThat(elsewhere.requests()).isEmpty();
        }
    }

    /**
     * The policies' cost grows with the patient's resources times the orders they review: an EHR's answer is held to
     * the bound a prefetch value has (crd.request.max-resources-per-prefetch), and past it goes unused, as noted.
     */
    @Test
    void anEhrAnswerWithMoreResourcesThanAPrefetchValueMayHoldIsNotUsed() {
        int limit = properties.request().maxResourcesPerPrefetch();
        List<Device> devices = IntStream.rangeClosed(0, limit)
                .mapToObj(i -> {
                    Device device = new Device();
                    device.setId("dev-many-" + i);
                    device.getType()
                            .addCoding()
                            .setSystem("http://snomed.info/sct")
                            .setCode("6012004")
                            .setDisplay("Hearing aid");
                    device.getPatient().setReference("Patient/pat-1");
                    return device;
                })
                .toList();
        try (EhrFhirServer crowded = EhrFhirServer.start(TOKEN).holding(devices)) {
            callService("crd-order-sign", request(r -> {
                        prefetch(r).remove("devices");
                        withEhr(r, crowded.baseUrl(), TOKEN);
                    }))
                    .statusCode(200)
                    .body(
                            "cards.detail",
                            everyItem(containsString(
                                    NOT_CHECKED + " this advice was given without the patient's implanted devices")));
            assertThat(crowded.requests())
                    .extracting(EhrFhirServer.SeenRequest::pathAndQuery)
                    .contains(DEVICE_SEARCH);
        }
    }

    @Test
    void withoutAFhirServerTheServiceGoesOnWithWhatItHas() {
        callService("crd-order-sign", request(r -> prefetch(r).remove("coverage")))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body(
                        "cards.detail",
                        everyItem(containsString(NOT_CHECKED
                                + " this advice was given without the patient's coverage (payer and plan),")));
    }

    @Test
    void anEmptyAccessTokenCountsAsNoneAndNothingIsRead() {
        callService("crd-order-sign", request(r -> {
                    prefetch(r).remove("coverage");
                    withEhr(r, ehr.baseUrl(), "");
                }))
                .statusCode(200)
                .body("cards.detail", everyItem(containsString(NOT_CHECKED)));

        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theAccessTokenNeverReachesTheLogsEvenAtDebugLevel(CapturedOutput output) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        String[] loggers = {"org.payercrd", "ca.uhn.fhir", "org.apache.http"};
        try {
            for (String logger : loggers) {
                logging.setLogLevel(logger, LogLevel.DEBUG);
            }
            callService("crd-order-sign", request(r -> {
                        r.remove("prefetch");
                        withEhr(r, ehr.baseUrl(), TOKEN);
                    }))
                    .statusCode(200);
        } finally {
            for (String logger : loggers) {
                logging.setLogLevel(logger, null);
            }
        }

        assertThat(output.getAll()).contains("fetched [").doesNotContain(TOKEN);
    }

    @Test
    void discoveryDeclaresThePatientAndCoverageTemplatesThatFallbackReadsUse() {
        json("").when()
                .get("/cds-services")
                .then()
                .statusCode(200)
                .body(
                        "services.find { it.id == 'crd-order-sign' }.prefetch.patient",
                        equalTo("Patient/{{context.patientId}}"))
                .body(
                        "services.find { it.id == 'crd-order-sign' }.prefetch.coverage",
                        equalTo("Coverage?patient={{context.patientId}}&status=active"));
    }

    private static void withEhr(ObjectNode request, String fhirServer, String accessToken) {
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization")
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("expires_in", 300)
                .put("scope", "user/Patient.read user/Coverage.read")
                .put("subject", "crd-service");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
