package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.payercrd.fhir.FhirJson;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads policy locations and builds a {@link LoadedPolicies} from them: the one way policies are loaded, at
 * start-up, by a reload and by the check command, so that all three accept and refuse the same things.
 */
public class PolicyLoader {

    private final PolicyFolderReader reader;
    private final FhirContext fhirContext;
    private final PolicyResourceValidator validator;

    /** @param validator null to skip FHIR validation ({@code crd.policies.validate=false}) */
    public PolicyLoader(ResourcePatternResolver resolver, FhirJson fhirJson, PolicyResourceValidator validator) {
        this.reader = new PolicyFolderReader(resolver, fhirJson);
        this.fhirContext = fhirJson.context();
        this.validator = validator;
    }

    public List<PolicyFolder> read(List<String> locations) {
        List<PolicyFolder> folders = new ArrayList<>();
        locations.forEach(location -> folders.addAll(reader.read(location)));
        return folders;
    }

    /** @throws PolicyDefinitionException on the first problem found, with the same message start-up gives */
    public LoadedPolicies load(List<PolicyFolder> folders) {
        return new LoadedPolicies(folders, fhirContext, validator, ValidatedResources.shipped());
    }
}
