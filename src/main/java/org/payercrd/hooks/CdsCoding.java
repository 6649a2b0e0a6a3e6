package org.payercrd.hooks;

import org.hl7.fhir.r4.model.Coding;

/**
 * A coding as the CDS Hooks wire carries it (system, code, display), used for card topics and override reasons.
 * Named apart from FHIR's {@link Coding}, which the policies hold, so that a class reading both never has to spell
 * one of them out in full.
 */
public record CdsCoding(String system, String code, String display) {

    /** The wire form of a FHIR coding: its system, code and display, nothing else. */
    public static CdsCoding of(Coding coding) {
        return new CdsCoding(coding.getSystem(), coding.getCode(), coding.getDisplay());
    }
}
