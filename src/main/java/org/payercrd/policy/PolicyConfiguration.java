package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.payercrd.CrdProperties;
import org.payercrd.fhir.FhirJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.ResourcePatternResolver;

@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    public PolicyResourceValidator policyResourceValidator(FhirContext fhirContext) {
        return new PolicyResourceValidator(fhirContext);
    }

    @Bean
    public PolicyLoader policyLoader(
            CrdProperties properties,
            ResourcePatternResolver resolver,
            FhirJson fhirJson,
            PolicyResourceValidator validator) {
        return new PolicyLoader(
                resolver,
                fhirJson,
                properties.policies().validate() ? validator : null,
                new KnowledgeServers(fhirJson.context(), properties.policies().servers()));
    }

    /** The policies to serve; anything that cannot be read or loaded, a knowledge server included, stops start-up. */
    @Bean
    public PolicyCatalog policyCatalog(CrdProperties properties, PolicyLoader loader) {
        List<PolicyFolder> folders;
        try {
            folders = loader.read(properties.policies());
        } catch (PolicyDefinitionException unreadable) {
            throw new PolicyDefinitionException(
                    unreadable.getMessage() + ". The service does not start without its policies", unreadable);
        }
        return new PolicyCatalog(loader.load(folders));
    }
}
