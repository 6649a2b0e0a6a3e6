package org.payercrd.policy;

/**
 * A policy folder that cannot be served: invalid FHIR, CQL that does not compile, a PlanDefinition that names
 * an expression the library lacks. Thrown at start-up so the service never runs with a broken policy.
 */
public class PolicyDefinitionException extends RuntimeException {

    public PolicyDefinitionException(String message) {
        super(message);
    }

    public PolicyDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
