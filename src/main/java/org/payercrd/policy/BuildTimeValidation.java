package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.payercrd.fhir.FhirJson;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Run by {@code mvn package} (exec-maven-plugin, phase prepare-package): validates every policy resource the jar
 * will ship against FHIR R4, fails the build on the first invalid one, and writes {@link ValidatedResources} into
 * the jar so that start-up does not validate the same bytes again.
 *
 * <p>Arguments: the directory holding the policy folders, and the file to write.
 */
public final class BuildTimeValidation {

    private BuildTimeValidation() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildTimeValidation <policy directory> <list to write>");
        }
        FhirContext fhirContext = FhirContext.forR4Cached();
        run(Path.of(args[0]), Path.of(args[1]), fhirContext, new PolicyResourceValidator(fhirContext));
    }

    /** Validates every resource of the policy folders under {@code policies}, then lists them in {@code list}. */
    static void run(Path policies, Path list, FhirContext fhirContext, PolicyResourceValidator validator)
            throws IOException {
        PolicyFolderReader reader =
                new PolicyFolderReader(new PathMatchingResourcePatternResolver(), new FhirJson(fhirContext));
        List<PolicyFolder> folders = reader.read(policies.toUri().toString());
        PolicyValidation.start(folders, validator, fhirContext, ValidatedResources.none())
                .await();
        ValidatedResources.write(list, fhirContext, folders);
    }
}
