package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.payercrd.CrdProperties;
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
    private final KnowledgeServers servers;

    /** @param validator null to skip FHIR validation ({@code crd.policies.validate=false}) */
    public PolicyLoader(ResourcePatternResolver resolver, FhirJson fhirJson, PolicyResourceValidator validator) {
        this(resolver, fhirJson, validator, new KnowledgeServers(fhirJson.context(), List.of()));
    }

    /** @param servers the knowledge servers of {@code crd.policies.servers}, read by {@link #read(CrdProperties.Policies)} */
    public PolicyLoader(
            ResourcePatternResolver resolver,
            FhirJson fhirJson,
            PolicyResourceValidator validator,
            KnowledgeServers servers) {
        this.reader = new PolicyFolderReader(resolver, fhirJson);
        this.fhirContext = fhirJson.context();
        this.validator = validator;
        this.servers = servers;
    }

    /**
     * Every policy source of the configuration: the folders of {@code crd.policies.locations}, then the policies of
     * the knowledge servers, each a folder of its own. One resource set from two sources, loaded by {@link #load}.
     */
    public List<PolicyFolder> read(CrdProperties.Policies settings) {
        List<PolicyFolder> folders = read(settings.locations());
        if (!servers.isEmpty()) {
            folders.addAll(servers.read().folders());
        }
        return folders;
    }

    public KnowledgeServers servers() {
        return servers;
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
