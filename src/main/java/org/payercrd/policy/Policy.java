package org.payercrd.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * A payer medical policy ready to evaluate: its Library (logic, citations, dates), its PlanDefinition's actions,
 * and what the engine needs to call it (the order type it reviews, the expressions to compute).
 *
 * @param orderType   the FHIR type of the Library's {@code Order} parameter; other orders are not this
 *                    policy's business
 * @param expressions every CQL expression the actions refer to (the service computes, per order, only the
 *                    conditions of the actions that may fire and the wording of those that did: {@link
 *                    OrderEvaluation}; start-up warms them all)
 * @param citations   the Library's related artifacts by URL, to label links a CQL expression names
 */
public record Policy(
        String id,
        Library library,
        PlanDefinition planDefinition,
        ResourceType orderType,
        List<PolicyAction> actions,
        Set<String> expressions,
        Map<String, RelatedArtifact> citations) {

    public static final String ORDER_PARAMETER = "Order";
    public static final String COVERAGE_PARAMETER = "Coverage";

    public String url() {
        return library.getUrl();
    }

    public String version() {
        return library.getVersion();
    }

    public String publisher() {
        return library.getPublisher();
    }

    /** The policy document itself: the Library's first related artifact of type documentation. */
    public Optional<RelatedArtifact> policyDocument() {
        return library.getRelatedArtifact().stream()
                .filter(a -> a.getType() == RelatedArtifact.RelatedArtifactType.DOCUMENTATION && a.hasUrl())
                .findFirst();
    }
}
