package org.payercrd.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.payercrd.RunningService;
import org.payercrd.audit.AuditRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** One INFO line per hook call, with what an operator needs and nothing a log store must not hold. */
@ExtendWith(OutputCaptureExtension.class)
class HookCallLogTest extends RunningService {

    @Autowired
    AuditRepository audit;

    @Test
    void answeredCallLogsOneLineWithHookInstanceServiceOutcomeAndLatencyButNoPatientDataOrToken(CapturedOutput output) {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replace("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "7a0f3c52-1d6e-4f55-9d0a-0c2b8e6b9f11")
                .replace("\"hook\": \"order-sign\",", """
                        "hook": "order-sign",
                        "fhirAuthorization": {"access_token": "tok-SECRET-5f2b", "token_type": "Bearer",
                          "expires_in": 300, "scope": "patient/*.read", "subject": "crd-service"},""");

        callService("crd-order-sign", body).statusCode(200);

        String line = awaitLogLine(output, "hookInstance=7a0f3c52-1d6e-4f55-9d0a-0c2b8e6b9f11");
        assertThat(line)
                .contains(" INFO ")
                .contains("service=crd-order-sign hook=order-sign status=200 outcome=answered cards=2 systemActions=1")
                .containsPattern("latencyMs=\\d+\\.\\d");
        assertThat(output.getAll().lines().filter(l -> l.contains("7a0f3c52-1d6e-4f55-9d0a-0c2b8e6b9f11")))
                .hasSize(1);
        assertThat(output.getAll())
                .doesNotContain("tok-SECRET-5f2b")
                .doesNotContain("Rivera")
                .doesNotContain("pat-1")
                .doesNotContain("0600T");
    }

    @Test
    void rejectedCallIsLoggedWithItsStatus(CapturedOutput output) {
        callService("crd-order-sign", """
                {"hook": "order-select", "hookInstance": "c0ffee00-0000-4000-8000-000000000400", "context": {}}
                """).statusCode(400);

        assertThat(awaitLogLine(output, "hookInstance=c0ffee00-0000-4000-8000-000000000400"))
                .contains("service=crd-order-sign hook=order-sign status=400 outcome=rejected cards=0");
    }

    @Test
    void hookInstanceCannotForgeLogLines(CapturedOutput output) {
        callService("crd-order-sign", """
                {"hook": "order-sign", "hookInstance": "abc\\nINFO forged line service=admin", "context": {}}
                """).statusCode(400);

        String line = awaitLogLine(output, "hookInstance=abc_INFO_forged_line_service_admin");
        assertThat(line).contains("service=crd-order-sign");
        assertThat(output.getAll().lines()).noneMatch(l -> l.startsWith("INFO forged line"));
    }

    /**
     * The reader, the log and the audit's hook_instance column (200 characters) agree on one bound: a hookInstance
     * of exactly that size is answered, logged whole and stored, so the log line finds the audit record.
     */
    @Test
    void hookInstanceAsLongAsTheAuditKeepsIsAnsweredLoggedWholeAndStored(CapturedOutput output) {
        String hookInstance = "urn:ehr.example:" + "9".repeat(200 - 16);
        callService(
                        "crd-order-sign",
                        fixture("requests/order-sign-ire-0600T.json")
                                .replace("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", hookInstance))
                .statusCode(200);

        assertThat(awaitLogLine(output, "hookInstance=" + hookInstance + " ")).contains("status=200");
        assertThat(audit.callsFor(hookInstance)).hasSize(1);
    }

    private static String awaitLogLine(CapturedOutput output, String marker) {
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getAll().contains(marker));
        return output.getAll()
                .lines()
                .filter(l -> l.contains(marker))
                .findFirst()
                .orElseThrow();
    }
}
