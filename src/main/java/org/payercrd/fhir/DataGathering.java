package org.payercrd.fhir;

import java.util.List;
import java.util.Map;

/**
 * Where each prefetch key's data came from in one hook call, and how long gathering took: for the debug log and
 * the audit record.
 */
public record DataGathering(Map<String, KeyOutcome> keys, long elapsedMillis) {

    public enum Source {
        /** The EHR prefetched it. */
        PREFETCHED,
        /** The EHR prefetched JSON null: it knows there is nothing. */
        KNOWN_ABSENT,
        /** Read from the EHR's FHIR server. */
        FETCHED,
        /** Needed but not had: no server or token to read it with, or the read failed or ran out of time. */
        FAILED,
        /** The template needs a context value this call does not carry (e.g. no encounter): nothing to read. */
        NOT_APPLICABLE
    }

    /**
     * @param detail for a failure, why (no token, timeout, HTTP status...); for a template answered under another
     *               key, which; never the token or patient data
     */
    public record KeyOutcome(Source source, int resources, String detail) {
    }

    public List<String> keysFrom(Source source) {
        return keys.entrySet().stream().filter(e -> e.getValue().source() == source).map(Map.Entry::getKey).toList();
    }
}
