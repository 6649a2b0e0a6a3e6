package org.payercrd.hooks;

/** A service id that discovery does not list. */
public class UnknownServiceException extends RuntimeException {

    public UnknownServiceException(String serviceId) {
        super("No CDS Service with id '" + serviceId + "'; GET /cds-services lists the services");
    }
}
