package org.payercrd.audit;

/** A coverage-assertion-id this service never issued. */
public class UnknownAssertionException extends RuntimeException {

    public UnknownAssertionException(String assertionId) {
        super("No coverage assertion with id " + assertionId);
    }
}
