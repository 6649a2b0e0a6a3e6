package org.payercrd.coverage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link CoverageAssertion} as the Da Vinci CRD coverage-information extension
 * ({@code http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information}). Which sub-extension
 * has which type is the IG's; what the values are is the policy's.
 */
@Component
public class CoverageInformationExtension {

    public static final String URL = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    /**
     * CRD coverage-assertion reason for an assertion made without the patient's coverage (resp-45): the policy
     * is still stated, but the payer could not tie it to a coverage.
     */
    public static final Coding COVERAGE_NOT_FOUND = new Coding(
            "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", "coverage-not-found", "Coverage not found");

    /** Sub-extensions whose values are codes from the IG's value sets. */
    private static final List<String> CODE_VALUED = List.of("covered", "pa-needed", "doc-needed", "info-needed", "doc-purpose");

    public Extension build(CoverageAssertion assertion) {
        Extension extension = new Extension(URL);
        if (assertion.coverage() != null) {
            extension.addExtension("coverage", new Reference("Coverage/" + assertion.coverage().getIdPart()));
        }
        boolean hasReason = false;
        for (Map.Entry<String, Object> value : assertion.values().entrySet()) {
            Type fhirValue = toFhir(value.getKey(), value.getValue());
            if (fhirValue instanceof CodeableConcept reason && "reason".equals(value.getKey())) {
                hasReason = true;
                if (assertion.coverage() == null) {
                    reason.getCoding().add(0, COVERAGE_NOT_FOUND.copy());
                }
            }
            if (fhirValue != null) {
                extension.addExtension(value.getKey(), fhirValue);
            }
        }
        if (assertion.coverage() == null && !hasReason) {
            extension.addExtension("reason", new CodeableConcept(COVERAGE_NOT_FOUND.copy()));
        }
        extension.addExtension("date", new DateType(java.sql.Date.valueOf(assertion.date())));
        extension.addExtension("coverage-assertion-id", new StringType(assertion.assertionId()));
        return extension;
    }

    private static Type toFhir(String subExtension, Object value) {
        if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            value = c.iterator().next();
        }
        if (CODE_VALUED.contains(subExtension)) {
            return new CodeType(text(value));
        }
        if ("billingCode".equals(subExtension)) {
            return coding(value);
        }
        if ("reason".equals(subExtension)) {
            return value instanceof Code code ? new CodeableConcept(coding(code)) : new CodeableConcept().setText(text(value));
        }
        if (value instanceof Type fhirType) {
            return fhirType;
        }
        return new StringType(text(value));
    }

    private static Coding coding(Object value) {
        if (value instanceof Code code) {
            return new Coding(code.getSystem(), code.getCode(), code.getDisplay());
        }
        if (value instanceof Coding coding) {
            return coding;
        }
        throw new IllegalStateException("A billing code must be a CQL Code or FHIR Coding, not " + value.getClass());
    }

    private static String text(Object value) {
        if (value instanceof Code code) {
            return code.getCode();
        }
        if (value instanceof org.hl7.fhir.r4.model.PrimitiveType<?> primitive) {
            return primitive.getValueAsString();
        }
        return String.valueOf(value);
    }
}
