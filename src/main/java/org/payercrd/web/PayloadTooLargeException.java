package org.payercrd.web;

/** A request body over {@code crd.request.max-body-size}. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("Request body is larger than the service accepts (" + limit + " bytes)");
    }
}
