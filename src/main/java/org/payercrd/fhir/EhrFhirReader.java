package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads resolved prefetch queries from one EHR FHIR server with HAPI's generic client, sending the EHR's token as
 * {@code Authorization: Bearer}. One per hook call: cheap, because timeouts, the connection pool and "no
 * /metadata check" are set once on the shared context's client factory ({@link FhirConfiguration}).
 */
class EhrFhirReader {

    private final IGenericClient client;

    EhrFhirReader(FhirContext fhirContext, String fhirServer, String accessToken) {
        this.client = fhirContext.newRestfulGenericClient(fhirServer);
        this.client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
    }

    /** The resources the query returns; a read of a resource the server does not have returns none. */
    List<Resource> read(PrefetchTemplate template, String resolvedUrl) {
        if (template.read()) {
            try {
                IBaseResource resource = client.read().resource(template.resourceType())
                        .withId(RelativeReference.idOf(resolvedUrl)).execute();
                return PrefetchReader.resourcesIn(resource);
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                return List.of();
            }
        }
        Bundle bundle = client.search().byUrl(resolvedUrl).returnBundle(Bundle.class).execute();
        return PrefetchReader.resourcesIn(bundle);
    }
}
