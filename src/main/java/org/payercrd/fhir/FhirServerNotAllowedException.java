package org.payercrd.fhir;

/**
 * A request whose {@code fhirServer} is not on the configured allowlist: the service will not send a token or a
 * query there. The caller's fault (400).
 */
public class FhirServerNotAllowedException extends RuntimeException {

    public FhirServerNotAllowedException(String fhirServer) {
        super("fhirServer " + fhirServer + " is not a FHIR server this service may read from");
    }
}
