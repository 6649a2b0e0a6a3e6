package org.payercrd.cards;

import org.payercrd.CrdVersion;
import org.payercrd.hooks.Card;

/**
 * The code systems of CRD card types (the card's {@code source.topic}). CRD 2.0.1 used a temporary code system
 * of its own; from 2.2 the codes live in HL7 Terminology.
 */
public final class CardTypeSystems {

    public static final String CRD_2_0 = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    public static final String CRD_2_2 = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";

    /** The CRD card type of cards about the order's coverage (the same code in both systems). */
    public static final String COVERAGE_INFORMATION = "coverage-info";

    private CardTypeSystems() {
    }

    public static String forCrdVersion(CrdVersion crdVersion) {
        return crdVersion.atLeast(CrdVersion.V2_2) ? CRD_2_2 : CRD_2_0;
    }

    /** Whether the card's topic, its CRD card type, is {@code coverage-info}. */
    public static boolean isCoverageInformation(Card card) {
        return card.source() != null && card.source().topic() != null
                && COVERAGE_INFORMATION.equals(card.source().topic().code());
    }
}
