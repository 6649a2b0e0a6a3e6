package org.payercrd.fhir;

import java.io.IOException;

/**
 * An EHR server's answer the service will not use: larger than the cap, or not FHIR JSON it can read safely. An
 * {@link IOException}, because it is raised while the HTTP client reads the answer, so that the client lets go of
 * the connection and HAPI reports the read as failed; the read's data is then reported as not checked.
 */
class UnusableEhrAnswerException extends IOException {

    UnusableEhrAnswerException(String reason) {
        super(reason);
    }
}
