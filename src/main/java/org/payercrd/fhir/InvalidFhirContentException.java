package org.payercrd.fhir;

/** FHIR content from the EHR that cannot be read as the resource it must be. Always the caller's fault. */
public class InvalidFhirContentException extends RuntimeException {

    public InvalidFhirContentException(String message) {
        super(message);
    }

    public InvalidFhirContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
