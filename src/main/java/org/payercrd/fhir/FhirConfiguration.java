package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
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

    /**
     * FHIR decimals are exact ({@code 2.50} is not {@code 2.5}), and HAPI now reads FHIR content from the tree
     * Jackson builds for the request: so the tree keeps JSON numbers as exact decimals, as HAPI's own reader does.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer exactDecimalsForFhirContent() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .postConfigurer(mapper -> mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false));
    }

    /** Lets wire records carry HAPI resources; Jackson writes them through HAPI's encoder. */
    @Bean
    public SimpleModule fhirResourceJacksonModule(FhirJson fhirJson) {
        SimpleModule module = new SimpleModule("fhir-resources");
        module.addSerializer(IBaseResource.class, new FhirResourceSerializer(fhirJson));
        return module;
    }
}
