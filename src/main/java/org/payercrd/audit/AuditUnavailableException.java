package org.payercrd.audit;

/**
 * A call's record could not be made durable within {@code crd.audit.write-timeout}: the write failed, the database
 * could not be reached in time, or the queue to the writer stayed full. The call must not be answered with what the
 * record holds (its coverage assertions), since the payer could not look them up later.
 */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
