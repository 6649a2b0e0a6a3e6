package org.payercrd.hooks;

/** A CDS Hooks coding (system, code, display), used for card topics and override reasons. */
public record Coding(String system, String code, String display) {
}
