package org.payercrd.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import org.payercrd.Problems;

/**
 * How FHIR JSON is read before HAPI sees it, wherever it comes from: a hook request's body (through Spring's
 * {@code ObjectMapper}, configured by {@link #configure}) or an EHR server's answer ({@link #readTree}). Both
 * refuse what HAPI would silently take or choke on:
 * <ul>
 *   <li>a member given twice: JSON parsers keep the last by default, which let an order name IRE and then another
 *       procedure and be reviewed as the other, and a Device name a pacemaker and then a hearing aid;</li>
 *   <li>a number no FHIR decimal needs ({@link JsonNumberBounds}): HAPI writes such a number out in full;</li>
 *   <li>a resource id that is not a FHIR id ({@link FhirId}): a request's is refused as the request is read, an
 *       answer's here.</li>
 * </ul>
 * Numbers are kept as exact decimals ({@code 2.50} is not {@code 2.5}), as HAPI's own reader does.
 */
public final class FhirJsonReading {

    private static final ObjectReader TREES = configure(new ObjectMapper()).reader();

    private FhirJsonReading() {}

    /** The reading rules, on a mapper: exact decimals, trailing zeroes kept, duplicate members refused. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /**
     * The tree of FHIR JSON read under these rules, numbers checked, resource ids checked.
     *
     * @throws InvalidFhirContentException naming the first problem: not JSON, a duplicate member, a number out
     *                                     of bounds, a resource id that is not a FHIR id
     */
    public static JsonNode readTree(byte[] json, String where) {
        JsonNode tree;
        try {
            tree = TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFhirContentException(where + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidFhirContentException(where + " cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidFhirContentException(where + " is empty");
        }
        Problems problems = new Problems();
        JsonNumberBounds.check(tree, "", problems);
        // The ids the audit and the answer take from the EHR's data (a Coverage's, an order's) as in a request.
        FhirId.checkResourceIds(tree, "", problems);
        problems.throwIfAny(found -> new InvalidFhirContentException(where + ": " + found.get(0)));
        return tree;
    }
}
