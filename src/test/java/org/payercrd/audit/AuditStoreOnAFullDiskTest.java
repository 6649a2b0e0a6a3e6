package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties;
import org.payercrd.RunningService;
import org.payercrd.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded H2 audit on a disk that fills up and then gets space back, without a restart. The disk is a small tmpfs
 * mounted for this test (it needs root, as {@code .ci/run} and the development machines have; elsewhere it is
 * skipped). While the disk is full calls are answered with every card and no coverage assertion; once space is back
 * the next call gets its assertion again and it is on record. H2 closes its database for good after a failed file
 * write, so without the recovery every call stayed without assertions until a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crd.policies.validate=false")
@DirtiesContext
class AuditStoreOnAFullDiskTest {

    private static final Path DISK =
            Paths.get("target", "full-disk-" + UUID.randomUUID()).toAbsolutePath();
    private static final int MAX_CALLS_TO_FILL_THE_FILE = 50;
    private static final String PACEMAKER = "requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CrdProperties properties;

    @BeforeAll
    static void mountASmallDisk() throws Exception {
        Files.createDirectories(DISK);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", DISK.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(mount.getInputStream().readAllBytes());
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + said.strip());
    }

    @DynamicPropertySource
    static void auditOnTheSmallDisk(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.datasource.url",
                () -> TestDatabases.h2File(DISK.resolve("crd-audit").toString()));
    }

    @BeforeEach
    void pointRestAssuredAtTheService() {
        RestAssured.port = port;
    }

    @Test
    void callsGetTheirAssertionsAgainOnceTheDiskHasSpaceWithoutARestart() throws Exception {
        Response first = call();
        assertThat(first.statusCode()).isEqualTo(200);
        assertRecorded(first);
        double degradedBefore = degradedByError();

        Path filler = fillTheDisk();
        // H2 first fills the free pages inside its file, so the first writes may still succeed.
        Response degraded = call();
        for (int calls = 1; calls < MAX_CALLS_TO_FILL_THE_FILE && degradedByError() == degradedBefore; calls++) {
            assertRecorded(degraded);
            degraded = call();
        }
        PayerRecordsDown.assertCardsWithoutAssertion(
                degraded, properties.cards().unrecordedAssertionNote());
        assertThat(call().jsonPath().getList("systemActions"))
                .as("a second call on the full disk")
                .isEmpty();
        assertThat(degradedByError()).as("both calls counted as degraded").isEqualTo(degradedBefore + 2);
        assertThat(auditStatus()).isEqualTo("DOWN");
        given().when().get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));

        Files.delete(filler);
        Response afterwards = call();
        assertThat(afterwards.statusCode()).isEqualTo(200);
        assertThat(afterwards.jsonPath().getList("systemActions"))
                .as("the first call once space is back")
                .hasSize(1);
        assertRecorded(afterwards);
        assertRecorded(call());
        assertThat(auditStatus()).as("UP again after a write succeeded").isEqualTo("UP");
    }

    /** Writes zeros until the disk refuses more; the file is what frees the space again. */
    private static Path fillTheDisk() throws IOException {
        Path filler = DISK.resolve("filler");
        byte[] megabyte = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 64; i++) {
                out.write(megabyte);
            }
            throw new IllegalStateException("a 16 MB disk took 64 MB");
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        return filler;
    }

    private static void assertRecorded(Response response) {
        String assertionId = AuditedCallTest.assertionIdIn(response.jsonPath());
        assertThat(assertionId).as("a coverage assertion in the answer").isNotBlank();
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
    }

    private double degradedByError() {
        return meters.get(AuditedAnswers.DEGRADED)
                .tag("reason", "error")
                .counter()
                .count();
    }

    private static String auditStatus() {
        return given().when().get("/actuator/health").jsonPath().getString("components.audit.status");
    }

    private static Response call() {
        return given().contentType(ContentType.JSON)
                .body(RunningService.fixture(PACEMAKER)
                        .replace(
                                "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                                UUID.randomUUID().toString()))
                .when()
                .post("/cds-services/crd-order-sign");
    }

    @AfterAll
    static void unmount() throws Exception {
        // Lazily: the service's H2 file is still open until Spring closes the context, after this method.
        new ProcessBuilder("umount", "-l", DISK.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
