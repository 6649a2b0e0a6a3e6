package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.payercrd.Problems;

/**
 * Reads the {@code context} of the hooks it knows, as CDS Hooks and CRD define it. A reader reports every problem
 * it finds, so that an integrator fixes a request in one round trip, and returns a context only when there is
 * none.
 */
public interface HookContextReader {

    /** The hooks whose context this reader knows. */
    Set<String> hooks();

    /**
     * @param context  the request's {@code context}, a JSON object
     * @param problems where to add what is wrong, phrased for the EHR's developer
     * @return the context, or {@code null} when a problem was found
     */
    HookContext read(String hook, JsonNode context, Problems problems);
}
