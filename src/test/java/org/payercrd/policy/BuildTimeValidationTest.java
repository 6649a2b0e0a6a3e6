package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.payercrd.RunningService;
import org.payercrd.fhir.FhirJson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The shipped policies are validated when the jar is built; start-up validates only what the build did not:
 * resources changed since, or read from elsewhere. Either way nothing is served unvalidated.
 */
class BuildTimeValidationTest extends RunningService {

    @Autowired
    FhirJson fhirJson;

    @Autowired
    PolicyResourceValidator sharedValidator;

    @TempDir
    Path temp;

    @Test
    void buildListsEveryShippedResourceAndStartUpThenValidatesNone() throws IOException {
        Path list = temp.resolve("validated-resources.txt");
        CountingValidator validator = new CountingValidator();

        BuildTimeValidation.run(Path.of("fhir-resources"), list, context(), validator);
        int validatedAtBuild = validator.calls.getAndSet(0);
        List<PolicyFolder> folders = read(Path.of("fhir-resources"));
        PolicyValidation.start(folders, validator, context(), listed(list)).await();

        int shipped = folders.stream().mapToInt(f -> f.resources().size()).sum();
        assertThat(validatedAtBuild).isEqualTo(shipped);
        assertThat(Files.readAllLines(list))
                .filteredOn(l -> l.matches("[0-9a-f]{64} .+"))
                .hasSize(shipped)
                .anySatisfy(l -> assertThat(l).endsWith(" ire-nanoknife/Library/IreNanoKnifePolicy"));
        assertThat(validator.calls).hasValue(0);
    }

    @Test
    void resourceEditedSinceTheBuildIsValidatedAtStartUpAndAnInvalidEditStopsStartUp() throws IOException {
        Path policies = copyOfShippedPolicies();
        Path list = temp.resolve("validated-resources.txt");
        BuildTimeValidation.run(policies, list, context(), sharedValidator);
        Path valueSet = policies.resolve("ire-nanoknife/ValueSet-ire-procedure-codes.json");
        Files.writeString(valueSet, Files.readString(valueSet).replace("\"status\": \"active\",", ""));
        CountingValidator validator = new CountingValidator();

        assertThatThrownBy(() -> PolicyValidation.start(read(policies), validator, context(), listed(list))
                        .await())
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("ValueSet/ire-procedure-codes is not valid FHIR R4")
                .hasMessageContaining("ValueSet.status");
        assertThat(validator.calls).hasValue(1);
    }

    @Test
    void buildFailsOnAnInvalidPolicyResourceAndListsNothing() throws IOException {
        Path policies = copyOfShippedPolicies();
        Path library = policies.resolve("ire-nanoknife/Library-IreNanoKnifePolicy.json");
        Files.writeString(library, Files.readString(library).replace("\"status\": \"active\",", ""));
        Path list = temp.resolve("validated-resources.txt");

        assertThatThrownBy(() -> BuildTimeValidation.run(policies, list, context(), sharedValidator))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("Library/IreNanoKnifePolicy is not valid FHIR R4");
        assertThat(list).doesNotExist();
    }

    @Test
    void listWrittenByAnotherHapiVersionIsNotTrusted() throws IOException {
        Path list = temp.resolve("validated-resources.txt");
        BuildTimeValidation.run(Path.of("fhir-resources"), list, context(), sharedValidator);
        String otherVersion = Files.readString(list).replaceFirst("(?m)^hapi-fhir .*$", "hapi-fhir 7.0.0");
        CountingValidator validator = new CountingValidator();

        PolicyValidation.start(
                        read(Path.of("fhir-resources")),
                        validator,
                        context(),
                        ValidatedResources.read(
                                new ByteArrayInputStream(otherVersion.getBytes(StandardCharsets.UTF_8))))
                .await();

        assertThat(validator.calls.get()).isPositive();
    }

    private FhirContext context() {
        return fhirJson.context();
    }

    private List<PolicyFolder> read(Path policies) {
        return new PolicyFolderReader(new PathMatchingResourcePatternResolver(), fhirJson)
                .read(policies.toUri().toString());
    }

    private static ValidatedResources listed(Path list) throws IOException {
        try (var in = Files.newInputStream(list)) {
            return ValidatedResources.read(in);
        }
    }

    private Path copyOfShippedPolicies() throws IOException {
        Path copy = temp.resolve("policies");
        try (Stream<Path> files = Files.walk(Path.of("fhir-resources"))) {
            for (Path file : files.toList()) {
                Path target =
                        copy.resolve(Path.of("fhir-resources").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** The application's validator, counting how often it is asked. */
    private final class CountingValidator extends PolicyResourceValidator {

        final AtomicInteger calls = new AtomicInteger();

        CountingValidator() {
            super(fhirJson.context());
        }

        @Override
        public List<SingleValidationMessage> errors(IBaseResource resource) {
            calls.incrementAndGet();
            return sharedValidator.errors(resource);
        }
    }
}
