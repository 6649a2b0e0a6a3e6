package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link FhirContext} of the application. Creating a context scans the whole R4 model (seconds), so it
 * is built once here and never on a request.
 */
@Configuration(proxyBeanMethods = false)
public class FhirConfiguration {

    @Bean
    public FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    public FhirJson fhirJson(FhirContext fhirContext) {
        return new FhirJson(fhirContext);
    }

    /** Lets wire records carry HAPI resources; Jackson writes them through HAPI's encoder. */
    @Bean
    public SimpleModule fhirResourceJacksonModule(FhirJson fhirJson) {
        SimpleModule module = new SimpleModule("fhir-resources");
        module.addSerializer(IBaseResource.class, new FhirResourceSerializer(fhirJson));
        return module;
    }
}
