package org.payercrd.policy;

import ca.uhn.fhir.repository.IRepository;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Resource;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;
import org.opencds.cqf.fhir.cql.Engines;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.LibraryEngine;
import org.opencds.cqf.fhir.cql.engine.parameters.CqlFhirParametersConverter;

/**
 * Evaluates a policy's CQL for one order. The compiled ELM comes from the shared settings' cache (filled at
 * start-up); each order gets a fresh engine ({@link OrderEvaluation}), because the engine caches expression results
 * by name and the order changes from call to call.
 */
public class PolicyEvaluator {

    private final LibraryEngine libraryEngine;
    private final CqlFhirParametersConverter parametersConverter;
    private final CqlEngineFactory engines;

    PolicyEvaluator(IRepository repository, EvaluationSettings settings, CqlEngineFactory engines) {
        this.libraryEngine = new LibraryEngine(repository, settings);
        this.parametersConverter = Engines.getCqlFhirParametersConverter(repository.fhirContext());
        this.engines = engines;
    }

    /**
     * Starts evaluating one policy for one order: nothing is computed until {@link OrderEvaluation#values} asks.
     *
     * @param patientReference {@code Patient/<id>}, the CQL context subject
     * @param patientData      the patient's resources the EHR gave or the service fetched, searched by the
     *                         library's retrieves; may be empty
     */
    public OrderEvaluation begin(
            Policy policy, Resource order, Coverage coverage, String patientReference, Bundle patientData) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put(Policy.ORDER_PARAMETER, order);
        parameters.put(Policy.COVERAGE_PARAMETER, coverage);
        VersionedIdentifier library = new VersionedIdentifier()
                .withId(policy.library().getName())
                .withVersion(policy.library().getVersion());
        // The same engine, parameters, subject and evaluation time (CQL Now() and Today()) for every step of this
        // order: the engine's expression cache is only cleared when the subject changes, so step two reuses step
        // one's results, and it must never see another order's.
        CqlEngine engine = engines.forPatientData(patientData);
        ZonedDateTime evaluatedAt = ZonedDateTime.now();
        return new OrderEvaluation(policy, engine, expressions -> {
            EvaluationResult result = libraryEngine.getEvaluationResult(
                    library,
                    patientReference,
                    null,
                    parameters,
                    patientData,
                    expressions,
                    parametersConverter,
                    evaluatedAt,
                    engine);
            Map<String, Object> values = new LinkedHashMap<>();
            for (String expression : expressions) {
                ExpressionResult value = result.get(expression);
                values.put(expression, value == null ? null : value.getValue());
            }
            return values;
        });
    }

    /**
     * Every expression the policy's actions use, by name, in one evaluation; values are CQL runtime values. For the
     * start-up warm-up, tools and benchmarks: the service evaluates in steps ({@link #begin}).
     */
    public Map<String, Object> evaluate(
            Policy policy, Resource order, Coverage coverage, String patientReference, Bundle patientData) {
        return evaluate(policy, order, coverage, patientReference, patientData, policy.expressions());
    }

    /** Evaluates the named expressions only; for tests and tools that look inside a policy. */
    public Map<String, Object> evaluate(
            Policy policy,
            Resource order,
            Coverage coverage,
            String patientReference,
            Bundle patientData,
            Set<String> expressions) {
        return new LinkedHashMap<>(
                begin(policy, order, coverage, patientReference, patientData).values(expressions));
    }
}
