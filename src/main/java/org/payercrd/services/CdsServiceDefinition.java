package org.payercrd.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payercrd.CrdVersion;
import org.payercrd.fhir.PrefetchTemplate;
import org.payercrd.hooks.CdsServiceDescriptor;
import org.payercrd.policy.LoadedPolicies;

/**
 * One CDS Service this payer offers, as built and checked once at start-up from its {@code crd.services} entry and
 * the policies: what a call needs to know about the service it reached, so that nothing down the call goes back
 * to the configuration or looks the service up again.
 *
 * @param prefetch    the parsed prefetch templates, in declaration order: what discovery asks the EHR to prefetch
 *                    and what the service reads from the EHR's FHIR server when it did not
 * @param crdVersions the CRD versions the service speaks, the one for requests that name none first
 * @param switches    the codes of the boolean {@code davinci-crd.configuration} options an EHR may set
 * @param discovery   the service's entry in {@code GET /cds-services}
 * @param policies    the policies snapshot these options were built from: a call that found this definition is
 *                    reviewed against exactly these, so a reload between the lookup and the review cannot pair the
 *                    new options with the old policies (or the reverse)
 */
public record CdsServiceDefinition(
        String id,
        String hook,
        List<PrefetchTemplate> prefetch,
        List<CrdVersion> crdVersions,
        Set<String> switches,
        CdsServiceDescriptor discovery,
        LoadedPolicies policies) {

    public CdsServiceDefinition {
        prefetch = List.copyOf(prefetch);
        crdVersions = List.copyOf(crdVersions);
        switches = Set.copyOf(switches);
    }

    /** What the EHR asked of this call's response through the request's {@code extension}. */
    public ResponseOptions responseOptions(Map<String, JsonNode> extension) {
        return ResponseOptions.from(extension, switches, crdVersions);
    }
}
