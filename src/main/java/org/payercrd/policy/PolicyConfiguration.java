package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
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
    public PolicyLoader policyLoader(CrdProperties properties, ResourcePatternResolver resolver, FhirJson fhirJson,
            PolicyResourceValidator validator) {
        return new PolicyLoader(resolver, fhirJson, properties.policies().validate() ? validator : null);
    }

    @Bean
    public PolicyCatalog policyCatalog(CrdProperties properties, PolicyLoader loader) {
        return new PolicyCatalog(loader.load(loader.read(properties.policies().locations())));
    }
}
