package org.payercrd.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.payercrd.ClockConfiguration;
import org.payercrd.CrdProperties;
import org.payercrd.cards.CardFactory;
import org.payercrd.coverage.CoverageSelector;
import org.payercrd.fhir.FhirConfiguration;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.operations.HookMetrics;
import org.payercrd.policy.PolicyConfiguration;
import org.payercrd.services.ServiceDirectory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The part of the service the check command needs: the policy loading ({@link PolicyConfiguration}, which builds the
 * catalog from {@code crd.policies.locations} as at start-up), the services and the review pipeline its test cases
 * run through, with the service's own {@code crd.*} configuration and Jackson set-up. No web server, no DataSource,
 * no Flyway, no audit, no security: nothing an analyst's laptop lacks.
 *
 * Deliberately not a {@code @Configuration}: the service's component scan would pick it up and add this context's
 * meter registry to the running service. Spring still processes its imports and scan when it is the source of the
 * check's own context.
 */
@EnableConfigurationProperties(CrdProperties.class)
@ImportAutoConfiguration({JacksonAutoConfiguration.class, ValidationAutoConfiguration.class})
@ComponentScan(
        basePackageClasses = {
            PolicyConfiguration.class,
            FhirConfiguration.class,
            HookRequestReader.class,
            ServiceDirectory.class,
            CoverageSelector.class,
            CardFactory.class
        })
@Import({ClockConfiguration.class, HookMetrics.class, PolicyCaseRunner.class})
class PolicyCheckConfiguration {

    /** The review counts its decisions; the check's count nowhere. */
    @Bean
    MeterRegistry checkMeterRegistry() {
        return new SimpleMeterRegistry();
    }
}
