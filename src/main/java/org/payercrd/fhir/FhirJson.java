package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR JSON in and out, through HAPI. Parsing is lenient about what real EHRs send (unknown members, a Bundle
 * without {@code type}, empty codings) and strict about what is not FHIR at all (no {@code resourceType}, a
 * wrong resource type, JSON of the wrong shape), which callers turn into a 400.
 *
 * <p>HAPI parsers are cheap but not thread-safe, so each call takes a fresh one from the shared context. FHIR
 * content inside a request arrives as a Jackson tree and is handed to HAPI as text: HAPI's tree entry point
 * ({@code IJsonLikeParser}) would save that step but replaces each Bundle entry's resource id with its
 * {@code fullUrl}, even a {@code urn:uuid}, where parsing text keeps the resource's own id.
 */
public class FhirJson {

    private final FhirContext fhirContext;
    /** Tolerates what real clients send without logging each departure: logging would cost every request. */
    private final LenientErrorHandler errorHandler = new LenientErrorHandler(false);

    public FhirJson(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    public FhirContext context() {
        return fhirContext;
    }

    public <T extends IBaseResource> T parse(Class<T> type, JsonNode json, String where) {
        if (json == null || !json.isObject()) {
            throw new InvalidFhirContentException(where + " must be a FHIR " + type.getSimpleName() + " JSON object");
        }
        JsonNode resourceType = json.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw new InvalidFhirContentException(where + " has no resourceType: it is not a FHIR resource");
        }
        if (!resourceType.asText().equals(type.getSimpleName())) {
            throw new InvalidFhirContentException(
                    where + " must be a " + type.getSimpleName() + ", not a " + resourceType.asText());
        }
        return parse(type, json.toString(), where);
    }

    public IBaseResource parseAny(JsonNode json, String where) {
        if (json == null || !json.isObject() || !json.path("resourceType").isTextual()) {
            throw new InvalidFhirContentException(where + " is not a FHIR resource (no resourceType)");
        }
        return parseAny(json.toString(), where);
    }

    public IBaseResource parseAny(String json, String where) {
        try {
            return parser().parseResource(json);
        } catch (RuntimeException e) {
            throw new InvalidFhirContentException(where + " is not valid FHIR: " + describe(e), e);
        }
    }

    public <T extends IBaseResource> T parse(Class<T> type, String json, String where) {
        try {
            return parser().parseResource(type, json);
        } catch (RuntimeException e) {
            throw new InvalidFhirContentException(where + " is not valid FHIR: " + describe(e), e);
        }
    }

    /** HAPI fails on some malformed structures with a bare runtime exception; say so plainly. */
    private static String describe(RuntimeException e) {
        if (e instanceof DataFormatException && e.getMessage() != null) {
            return e.getMessage().replaceFirst("^HAPI-\\d+: ", "");
        }
        return "its structure cannot be read as FHIR JSON";
    }

    public String encode(IBaseResource resource) {
        return parser().encodeResourceToString(resource);
    }

    private IParser parser() {
        return fhirContext.newJsonParser().setParserErrorHandler(errorHandler);
    }
}
