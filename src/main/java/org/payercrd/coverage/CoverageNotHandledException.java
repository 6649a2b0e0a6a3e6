package org.payercrd.coverage;

/**
 * Strict payer mode: the order's coverage is another payer's, or names no payer at all, so this service declines
 * the call (CRD 2.2 hook-13 lets a CRD server answer 400 with an OperationOutcome). The caller's fault (400).
 */
public class CoverageNotHandledException extends RuntimeException {

    public CoverageNotHandledException(String message) {
        super(message);
    }
}
