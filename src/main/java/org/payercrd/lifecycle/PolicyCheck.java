package org.payercrd.lifecycle;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.PolicyCatalog;
import org.payercrd.policy.PolicyDefinitionException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The check command, {@code java -jar crd-service.jar check <folder>...}: what a payer analyst runs after editing a
 * policy. It loads the folders as the service would at start-up (the same {@link PolicyCatalog} bean, so the same
 * R4 validation, CQL translation, PlanDefinition-to-Library checks and code index), runs every policy's own test
 * cases ({@code tests/} in its folder) through the review pipeline, prints one line per problem or case and a
 * summary, and exits 0 only when everything passes. It starts no web server and opens no database.
 *
 * A folder is a policy location, as in {@code crd.policies.locations}: a folder of policy folders (such as
 * {@code fhir-resources}), or one policy folder, which is checked with the folders beside it (shared terminology).
 * Arguments starting with {@code --} are Spring settings, as for the service (e.g. {@code --crd.policies.validate=false}).
 */
public final class PolicyCheck {

    public static final String COMMAND = "check";

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private PolicyCheck() {}

    /** Runs the check; returns the process exit code. */
    public static int run(List<String> arguments, PrintStream out) {
        long started = System.nanoTime();
        List<String> settings = new ArrayList<>();
        Set<String> locations = new LinkedHashSet<>();
        for (String argument : arguments) {
            if (argument.startsWith("--")) {
                settings.add(argument);
                continue;
            }
            String location = location(argument, out);
            if (location == null) {
                return USAGE;
            }
            locations.add(location);
        }
        if (locations.isEmpty()) {
            out.println("Usage: java -jar crd-service.jar check <policy folder>... [--setting=value...]");
            return USAGE;
        }
        List<String> springArguments = new ArrayList<>(List.of(
                // Warnings and errors only: the check's own lines are what the analyst reads.
                "--logging.level.root=WARN",
                // A refused policy is reported below, once, as a FAIL line; not also as Spring's stack trace.
                "--logging.level.org.springframework.boot.SpringApplication=OFF",
                "--logging.level.org.springframework.boot.diagnostics=OFF",
                "--logging.level.org.springframework.context=ERROR"));
        int index = 0;
        for (String location : locations) {
            springArguments.add("--crd.policies.locations[" + index++ + "]=" + location);
        }
        springArguments.addAll(settings);

        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(PolicyCheckConfiguration.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .registerShutdownHook(false)
                    .run(springArguments.toArray(String[]::new));
        } catch (RuntimeException refused) {
            List<String> problems = problems(refused);
            problems.forEach(p -> out.println("FAIL " + p));
            summary(out, List.of(), problems.size(), started);
            return FAILED;
        }
        try (context) {
            LoadedPolicies policies = context.getBean(PolicyCatalog.class).current();
            out.println("Loaded " + policies.policies().size()
                    + (policies.policies().size() == 1 ? " policy" : " policies") + " in " + policies.loadMillis()
                    + " ms from " + String.join(", ", locations) + ": " + String.join(", ", policies.versions()));
            List<CaseResult> results;
            try {
                results = context.getBean(PolicyCaseRunner.class).runAll(policies);
            } catch (PolicyDefinitionException unreadableCase) {
                out.println("FAIL " + unreadableCase.getMessage());
                summary(out, List.of(), 1, started);
                return FAILED;
            }
            results.forEach(r -> out.println(r.line()));
            int failed = (int) results.stream().filter(r -> !r.passed()).count();
            summary(out, results, 0, started);
            return failed == 0 ? PASSED : FAILED;
        }
    }

    /**
     * The Spring location of a folder argument, or null (after saying why) when it is not a folder. A folder that
     * holds FHIR JSON itself is one policy: the service reads policies one level down, so its parent is loaded.
     */
    private static String location(String argument, PrintStream out) {
        if (argument.startsWith("classpath:") || argument.startsWith("file:")) {
            return argument.endsWith("/") ? argument : argument + "/";
        }
        Path folder = Path.of(argument).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            out.println("FAIL " + argument + " is not a folder");
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.anyMatch(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))) {
                folder = folder.getParent();
            }
        } catch (java.io.IOException e) {
            out.println("FAIL cannot list " + argument + ": " + e.getMessage());
            return null;
        }
        return folder.toUri().toString();
    }

    /** Every problem a refused start names: the policy's own message, and any found alongside it. */
    private static List<String> problems(Throwable refused) {
        Throwable cause = refused;
        Throwable policyProblem = null;
        while (cause != null) {
            if (cause instanceof PolicyDefinitionException) {
                policyProblem = cause;
                break;
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        Throwable reported = policyProblem != null ? policyProblem : cause;
        List<String> problems = new ArrayList<>();
        problems.add(reported.getMessage() == null ? reported.toString() : reported.getMessage());
        for (Throwable alongside : reported.getSuppressed()) {
            problems.add(alongside.getMessage());
        }
        return problems;
    }

    private static void summary(PrintStream out, List<CaseResult> results, int problems, long started) {
        long passed = results.stream().filter(CaseResult::passed).count();
        long failed = results.size() - passed;
        long millis = (System.nanoTime() - started) / 1_000_000;
        boolean ok = problems == 0 && failed == 0;
        out.println((ok ? "PASSED" : "FAILED") + ": " + problems + (problems == 1 ? " problem" : " problems")
                + " loading the policies, " + results.size() + " test cases run, " + passed + " passed, " + failed
                + " failed (" + millis + " ms)");
    }
}
