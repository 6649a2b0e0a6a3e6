package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestFormatParamStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads resolved prefetch queries from one EHR FHIR server with HAPI's generic client, sending the EHR's token as
 * {@code Authorization: Bearer}. One per hook call: cheap, because timeouts, the connection pool, the answer
 * screen and "no /metadata check" are set once on the shared context's client factory ({@link FhirConfiguration}).
 * Answers are asked for in JSON only (an {@code Accept} header, no {@code _format} parameter, so the URLs are the
 * templates' own), because JSON is what the answer screen reads before HAPI does.
 */
class EhrFhirReader {

    private final IGenericClient client;
    private final InFlightReads inFlight = new InFlightReads();

    EhrFhirReader(FhirContext fhirContext, String fhirServer, String accessToken) {
        this.client = fhirContext.newRestfulGenericClient(fhirServer);
        this.client.setEncoding(EncodingEnum.JSON);
        this.client.setFormatParamStyle(RequestFormatParamStyleEnum.NONE);
        this.client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        this.client.registerInterceptor(inFlight);
    }

    /**
     * Takes the first-use cost of the read path (class loading in HAPI's client and the HTTP client, HAPI's model of
     * each resource type the templates read) off the first hook call that needs a read: on a busy machine it is most
     * of the time budget. Nothing is sent anywhere: the one request goes to a closed local port, refused at once.
     */
    static void warmUp(FhirContext fhirContext) {
        byte[] answer = ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
                        + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"w\"}},"
                        + "{\"resource\":{\"resourceType\":\"Coverage\",\"id\":\"w\",\"status\":\"active\"}},"
                        + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"w\"}},"
                        + "{\"resource\":{\"resourceType\":\"Device\",\"id\":\"w\",\"type\":{\"text\":\"w\"}}}]}")
                .getBytes(StandardCharsets.UTF_8);
        FhirJsonReading.readTree(answer, "the warm-up answer");
        PrefetchReader.resourcesIn(
                fhirContext.newJsonParser().parseResource(Bundle.class, new String(answer, StandardCharsets.UTF_8)));
        EhrFhirReader reader = new EhrFhirReader(fhirContext, "http://127.0.0.1:1/fhir", "warm-up");
        try {
            reader.client
                    .search()
                    .byUrl("Patient?_id=warm-up")
                    .returnBundle(Bundle.class)
                    .execute();
        } catch (RuntimeException expected) {
            // Refused: the path is loaded.
        }
    }

    /** Lets go of every read still in progress, connections included: the call's deadline has passed. */
    void abandon() {
        inFlight.abandon();
    }

    /** The resources the query returns; a read of a resource the server does not have returns none. */
    List<Resource> read(PrefetchTemplate template, String resolvedUrl) {
        if (template.read()) {
            try {
                IBaseResource resource = client.read()
                        .resource(template.resourceType())
                        .withId(RelativeReference.idOf(resolvedUrl))
                        .execute();
                return PrefetchReader.resourcesIn(resource);
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                return List.of();
            }
        }
        Bundle bundle =
                client.search().byUrl(resolvedUrl).returnBundle(Bundle.class).execute();
        return PrefetchReader.resourcesIn(bundle);
    }
}
