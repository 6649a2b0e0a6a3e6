package org.payercrd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.payercrd.CrdApplication;

/**
 * The check command an analyst runs on policy folders ({@link PolicyCheck}): in this JVM through the entry point
 * {@link CrdApplication#main} hands it to, and once as its own process, as an analyst runs it.
 */
class PolicyCheckTest {

    private static final Path TEST_POLICIES = Path.of("src/test/resources/test-policies");
    private static final Path BROKEN = Path.of("src/test/resources/broken-policies");

    @Test
    void theShippedPoliciesAndTheTestPolicyPass() {
        Check check = check("fhir-resources", TEST_POLICIES.toString());

        assertThat(check.exitCode).as(check.output).isZero();
        assertThat(check.output)
                .contains("PASS ire-nanoknife/tests/0600T-by-cpt-uri.json")
                .contains("PASS home-sleep-test/tests/95800-covered.json")
                .doesNotContain("FAIL ")
                .containsPattern("PASSED: 0 problems loading the policies, \\d+ test cases run, \\d+ passed, 0 failed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad-cql            | home-sleep-test/HomeSleepTestPolicy.cql line 17:",
                "unknown-expression | Coverage Verdict",
                "invalid-fhir       | ValueSet/home-sleep-test-codes"
            })
    void aBrokenPolicyFailsNamingTheProblem(String broken, String named) {
        Check check = check(BROKEN.resolve(broken).toString());

        assertThat(check.exitCode).as(check.output).isEqualTo(PolicyCheck.FAILED);
        assertThat(check.output.lines().filter(l -> l.startsWith("FAIL ")))
                .as(check.output)
                .anyMatch(l -> l.contains("home-sleep-test") && l.contains(named));
        assertThat(check.output).contains("FAILED: 1 problem loading the policies, 0 test cases run");
    }

    @Test
    void aPolicyFolderGivenItselfIsCheckedWithItsNeighbours() {
        Check check = check(BROKEN.resolve("bad-cql/home-sleep-test").toString());

        assertThat(check.exitCode).as(check.output).isEqualTo(PolicyCheck.FAILED);
        assertThat(check.output).contains("HomeSleepTestPolicy.cql line 17:");
    }

    @Test
    void aFolderThatDoesNotExistIsAUsageError() {
        Check check = check("no-such-folder");

        assertThat(check.exitCode).isEqualTo(PolicyCheck.USAGE);
        assertThat(check.output).contains("FAIL no-such-folder is not a folder");
    }

    /** An analyst's edit that breaks a case, checked by a real {@code java ... check} process. */
    @Test
    void aFailingTestCaseFailsTheCheckInItsOwnProcess(@TempDir Path work) throws Exception {
        Path policies = work.resolve("policies");
        copy(Path.of("fhir-resources/crd-common"), policies.resolve("crd-common"));
        copy(Path.of("fhir-resources/ire-nanoknife"), policies.resolve("ire-nanoknife"));
        Path kidney = policies.resolve("ire-nanoknife/tests/indication-kidney-cancer.json");
        String edited = Files.readString(kidney).replace("\"covered\": \"not-covered\"", "\"covered\": \"covered\"");
        assertThat(edited).isNotEqualTo(Files.readString(kidney));
        Files.writeString(kidney, edited);

        Path log = work.resolve("check.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrdApplication.class.getName(),
                        PolicyCheck.COMMAND,
                        policies.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("the check finished")
                .isTrue();
        String output = Files.readString(log);
        System.out.printf(
                "check in its own JVM: %d ms wall clock%n%s", (System.nanoTime() - started) / 1_000_000, output);

        assertThat(process.exitValue()).as(output).isEqualTo(PolicyCheck.FAILED);
        assertThat(output)
                .contains(
                        "FAIL ire-nanoknife/tests/indication-kidney-cancer.json: coverage-information covered [not-covered], expected covered")
                .contains("PASS ire-nanoknife/tests/indication-lung-cancer.json")
                .containsPattern("FAILED: 0 problems loading the policies, \\d+ test cases run, \\d+ passed, 1 failed")
                .doesNotContain("Tomcat")
                .doesNotContain("HikariPool")
                .doesNotContain("Flyway");
    }

    private static Check check(String... folders) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exitCode = PolicyCheck.run(List.of(folders), out);
        }
        return new Check(exitCode, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Check(int exitCode, String output) {}

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
