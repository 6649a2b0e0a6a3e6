package org.payercrd.audit;

/**
 * A call's record could not be made durable within {@code crd.audit.write-timeout}: the write failed, the database
 * could not be reached in time, or the queue to the writer stayed full. The call must not be answered with what the
 * record holds (its coverage assertions), since the payer could not look them up later.
 */
public class AuditUnavailableException extends RuntimeException {

    /** Why the record is not durable; also the {@code reason} tag of the meters that count these calls. */
    public enum Reason {
        /** Not durable within the write timeout: the queue stayed full, or the batch took too long. */
        TIMEOUT("timeout"),
        /** The batch holding the record failed. */
        ERROR("error"),
        /** The writer has stopped (shutdown) or the waiting thread was interrupted. */
        STOPPED("stopped");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;
    private final boolean mayBeStored;

    /**
     * @param mayBeStored true when the writer had started on the record when its call gave up, so it may still land
     */
    public AuditUnavailableException(Reason reason, String message, boolean mayBeStored, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.mayBeStored = mayBeStored;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the record may still be (or have been) stored: then no other record of the call may be written. */
    public boolean mayBeStored() {
        return mayBeStored;
    }
}
