package org.payercrd;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the service, bound from {@code crd.*} and validated at start-up so that a bad value
 * stops the service before it answers its first EHR.
 */
@Validated
@ConfigurationProperties("crd")
public record CrdProperties(
        @Valid @DefaultValue Policies policies,
        @Valid @DefaultValue Request request,
        @Valid @NotEmpty List<HookService> services) {

    /**
     * Where the policies live. Each location holds one folder per policy; a folder is a policy when it
     * holds a PlanDefinition. Locations are Spring resource URLs ({@code classpath:}, {@code file:}).
     */
    public record Policies(
            @DefaultValue("classpath:fhir-resources/") @NotEmpty List<String> locations,
            @DefaultValue("true") boolean validate) {
    }

    /** Limits on what an EHR may send. */
    public record Request(@DefaultValue("4MB") DataSize maxBodySize) {
    }

    /**
     * One CDS Service as listed in discovery. Prefetch templates use the standard CDS Hooks 2.0 tokens only.
     *
     * @param crdVersions the CRD versions the service speaks, two nodes each ("2.0", "2.2"), listed in discovery
     *                    as {@code davinci-crd.version}; a request without {@code davinci-crd.requestedVersion}
     *                    gets the first
     */
    public record HookService(
            @NotBlank String id,
            @NotBlank String hook,
            @NotBlank String title,
            @NotBlank String description,
            @DefaultValue Map<String, String> prefetch,
            String usageRequirements,
            @DefaultValue({"2.0", "2.2"}) @NotEmpty List<String> crdVersions) {
    }
}
