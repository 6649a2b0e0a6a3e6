package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
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
    public PolicyCatalog policyCatalog(CrdProperties properties, ResourcePatternResolver resolver, FhirJson fhirJson,
            PolicyResourceValidator validator) {
        PolicyFolderReader reader = new PolicyFolderReader(resolver, fhirJson);
        List<PolicyFolder> folders = new ArrayList<>();
        properties.policies().locations().forEach(location -> folders.addAll(reader.read(location)));
        return new PolicyCatalog(folders, fhirJson.context(), properties.policies().validate() ? validator : null,
                ValidatedResources.shipped());
    }
}
