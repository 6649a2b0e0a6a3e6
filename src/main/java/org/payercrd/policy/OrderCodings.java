package org.payercrd.policy;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;

/**
 * The codings of an order's coded element that a policy's CQL considers, read the way the shipped policies' CQL
 * reads them ({@code "Order Codes"}): every coding of the element, and every Coding value of its CRD
 * {@code ext-billing-options} extension, each only with both a system and a code, and CPT named by its HL7 OID read
 * as the CPT URI. The index of governed codes must see exactly what the CQL sees, or it would skip an order a
 * policy governs ({@code PolicyIndexAgreementTest} holds the two together).
 */
final class OrderCodings {

    /** HL7's OID for CPT, which older EHRs send instead of the CPT URI (HL7 terminology: CPT). */
    static final String CPT_OID = "urn:oid:2.16.840.1.113883.6.12";

    static final String CPT_URI = "http://www.ama-assn.org/go/cpt";
    /** CRD: the billing codes of a clinical code, as sub-extensions of the CodeableConcept. */
    static final String BILLING_OPTIONS = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-billing-options";

    private OrderCodings() {}

    /** Every coding of the element the CQL considers, as sent: compare by {@link #normalisedSystem}. */
    static List<Coding> of(CodeableConcept concept) {
        List<Coding> codings = new ArrayList<>(concept.getCoding().size() + 1);
        for (Coding coding : concept.getCoding()) {
            addIfCoded(coding, codings);
        }
        for (Extension extension : concept.getExtension()) {
            if (BILLING_OPTIONS.equals(extension.getUrl())) {
                for (Extension option : extension.getExtension()) {
                    if (option.getValue() instanceof Coding coding) {
                        addIfCoded(coding, codings);
                    }
                }
            }
        }
        return codings;
    }

    /** The system as the CQL compares it: the CPT OID becomes the CPT URI, anything else stays as sent. */
    static String normalisedSystem(String system) {
        return CPT_OID.equals(system) ? CPT_URI : system;
    }

    private static void addIfCoded(Coding coding, List<Coding> codings) {
        if (coding.getSystem() != null && coding.getCode() != null) {
            codings.add(coding);
        }
    }
}
