package org.payercrd.cards;

import org.payercrd.CrdVersion;
import org.payercrd.hooks.Card;
import org.payercrd.policy.PolicyAction;

/**
 * The code systems of CRD card types (the card's {@code source.topic}). CRD 2.0.1 used a temporary code system
 * of its own; from 2.2 the codes live in HL7 Terminology.
 */
public final class CardTypeSystems {

    public static final String CRD_2_0 = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    public static final String CRD_2_2 = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";

    private CardTypeSystems() {}

    public static String forCrdVersion(CrdVersion crdVersion) {
        return crdVersion.atLeast(CrdVersion.V2_2) ? CRD_2_2 : CRD_2_0;
    }

    /**
     * Whether the card's topic, its CRD card type, is {@code coverage-info} (the same code in both systems). CRD
     * uses one code for the response type and the card type, so its one home is {@link
     * PolicyAction#COVERAGE_INFORMATION}.
     */
    public static boolean isCoverageInformation(Card card) {
        return card.source() != null
                && card.source().topic() != null
                && PolicyAction.COVERAGE_INFORMATION.equals(
                        card.source().topic().code());
    }
}
