package org.payercrd.lifecycle;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.payercrd.lifecycle.ServedPolicy.*;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.payercrd.RunningService;
import org.payercrd.TestDatabases;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reload without restart, on the real service reading a copy of the shipped policies from a temporary folder, as an
 * analyst's instance reads their working copy: a valid edit is served within seconds and the assertions made before
 * and after name their own policy versions; a broken edit is refused while the old version keeps answering, and the
 * reload counter and the {@code policies} health details say so. The tests share the running service and its
 * folder, so they run in order, each leaving the folder valid and served.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=" + TestDatabases.SERVICE_H2_URL,
            "crd.policies.reload=true",
            "crd.policies.reload-interval=200ms"
        })
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyReloadTest extends RunningService {

    private static final Path POLICIES = copyOfShippedPolicies();
    private static final Path IRE = POLICIES.resolve("ire-nanoknife");

    @DynamicPropertySource
    static void readThePoliciesFromTheCopy(DynamicPropertyRegistry registry) {
        registry.add("crd.policies.locations", () -> POLICIES.toUri().toString());
    }

    @AfterAll
    static void removeTheCopy() throws IOException {
        try (Stream<Path> files = Files.walk(POLICIES)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    @Order(1)
    void aValidEditIsServedWithinSecondsAndEachAssertionNamesTheVersionItWasMadeUnder() {
        String before = libraryVersion();
        JsonPath first = orderSign();
        assertThat(summaries(first)).contains(NEXT_STEPS);
        double loaded = sample(LOADED);

        String bumped = before + ".1";
        edit(IRE.resolve("IreNanoKnifePolicy.cql"), "version '" + before + "'", "version '" + bumped + "'");
        edit(
                IRE.resolve("Library-IreNanoKnifePolicy.json"),
                "\"version\": \"" + before + "\"",
                "\"version\": \"" + bumped + "\"");
        String reworded = "IRE not covered: talk it over with the patient, or request a plan exception";
        edit(IRE.resolve("PlanDefinition-IreNanoKnifeCoverage.json"), NEXT_STEPS, reworded);

        JsonPath after = await().atMost(WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .until(ServedPolicy::orderSign, answer -> summaries(answer).contains(reworded));

        assertThat(policyVersionOf(first)).isEqualTo(before);
        assertThat(policyVersionOf(after)).isEqualTo(bumped);
        assertThat(sample(LOADED)).isEqualTo(loaded + 1);
        assertThat(healthDetails().getList("policies", String.class))
                .contains("ire-nanoknife https://payercrd.org/fhir/Library/IreNanoKnifePolicy|" + bumped);
        assertThat(get("/api/policies")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("version", String.class))
                .contains(bumped);
    }

    @Test
    @Order(2)
    void cqlThatNoLongerCompilesIsRefusedWhileTheServedVersionKeepsAnswering() {
        String served = libraryVersion();
        Path cql = IRE.resolve("IreNanoKnifePolicy.cql");
        String valid = read(cql);
        writeRefused(cql, valid + "\ndefine \"Half Written\":\n  exists ([Condition] C where\n");

        JsonPath answer = orderSign();
        assertThat(summaries(answer)).isNotEmpty();
        assertThat(policyVersionOf(answer)).isEqualTo(served);
        JsonPath health = healthDetails();
        assertThat(health.getList("policies", String.class))
                .contains("ire-nanoknife https://payercrd.org/fhir/Library/IreNanoKnifePolicy|" + served);
        assertThat(health.getString("lastRefusedReload.reason"))
                .contains("IreNanoKnifePolicy")
                .containsPattern("line \\d+");
        assertThat(health.getString("lastRefusedReload.at")).isNotBlank();

        restore(cql, valid);
    }

    @Test
    @Order(3)
    void wordingThatFailsOneOfThePolicysTestCasesIsRefused() {
        String served = libraryVersion();
        Path plan = IRE.resolve("PlanDefinition-IreNanoKnifeCoverage.json");
        String valid = read(plan);
        String servedTitle = summaries(orderSign()).stream()
                .filter(s -> s.startsWith("IRE not covered"))
                .findFirst()
                .orElseThrow();
        // The cases expect a card saying "not covered": an analyst's rewording that drops it breaks them.
        writeRefused(
                plan,
                valid.replace(servedTitle, "IRE is excluded: discuss with the patient, or request a plan exception"));

        JsonPath answer = orderSign();
        assertThat(summaries(answer)).contains(servedTitle);
        assertThat(policyVersionOf(answer)).isEqualTo(served);
        assertThat(healthDetails().getString("lastRefusedReload.reason"))
                .contains("policy test cases failed")
                .contains("ire-nanoknife/tests/")
                .contains("not covered");

        restore(plan, valid);
    }

    /** Writes a broken edit and waits until the reloader has refused it (the refused counter is one up). */
    private void writeRefused(Path file, String broken) {
        double refused = sample(REFUSED);
        write(file, broken);
        await().atMost(WITHIN).until(() -> sample(REFUSED) == refused + 1);
    }

    /** Puts a refused file back and waits until that version is loaded again, so the next test starts served. */
    private void restore(Path file, String valid) {
        double loaded = sample(LOADED);
        write(file, valid);
        await().atMost(WITHIN).until(() -> sample(LOADED) == loaded + 1);
    }

    private static String libraryVersion() {
        Matcher m = Pattern.compile("\"version\": \"([^\"]+)\"")
                .matcher(read(IRE.resolve("Library-IreNanoKnifePolicy.json")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void edit(Path file, String from, String to) {
        String text = read(file);
        assertThat(text).contains(from);
        write(file, text.replace(from, to));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyOfShippedPolicies() {
        try {
            Path target = Files.createTempDirectory("crd-policies-");
            Path shipped = Path.of("fhir-resources");
            try (Stream<Path> files = Files.walk(shipped)) {
                for (Path source : files.toList()) {
                    Path copy = target.resolve(shipped.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(source, copy);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
