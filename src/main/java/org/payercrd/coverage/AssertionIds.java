package org.payercrd.coverage;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coverage;

/**
 * The {@code coverage-assertion-id}s of one response. CRD: assertions about the same coverage share one id, and
 * assertions about different coverages have distinct ids, so that a claim can quote the assertion it relies on.
 * Not thread-safe: one instance per hook call.
 */
public class AssertionIds {

    private final Map<String, String> idByCoverage = new HashMap<>();

    public String forCoverage(Coverage coverage) {
        return idByCoverage.computeIfAbsent(
                coverage.getIdPart(), key -> UUID.randomUUID().toString());
    }
}
