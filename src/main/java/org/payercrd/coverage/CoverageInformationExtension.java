package org.payercrd.coverage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UrlType;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.payercrd.CrdVersion;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link CoverageAssertion} as the Da Vinci CRD coverage-information extension
 * ({@code http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information}), in the shape of the
 * CRD version the client speaks. Which sub-extension has which type is the IG's; what the values are is the
 * policy's.
 */
@Component
public class CoverageInformationExtension {

    public static final String URL = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    /** CRD 2.2 detail codes live in HL7 Terminology; {@code policy-link} is the policy that drove the assertion. */
    static final String DETAIL_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";

    static final String POLICY_LINK = "policy-link";
    /** CRD 2.2 detail category: neither limits coverage nor informs the clinical decision (e.g. "reference to policy"). */
    static final String CATEGORY_OTHER = "cat-other";

    private static final String COVERED = "covered";

    /**
     * The extension, or nothing when CRD forbids one: without a Coverage ("if no coverage instance is available,
     * the coverage-information extension cannot be returned"), or when the policy's {@code covered} value does not
     * exist in the client's CRD version (e.g. {@code indeterminate} for a 2.0 client).
     */
    public Optional<Extension> build(CoverageAssertion assertion, CrdVersion version) {
        if (assertion.coverage() == null) {
            return Optional.empty();
        }
        Extension extension = new Extension(URL);
        extension.addExtension(
                "coverage", new Reference("Coverage/" + assertion.coverage().getIdPart()));
        for (Map.Entry<String, Object> value : assertion.values().entrySet()) {
            Type fhirValue = toFhir(value.getKey(), value.getValue());
            if (fhirValue == null) {
                continue;
            }
            if (CoverageInformationCodes.isCodeValued(value.getKey())
                    && !CoverageInformationCodes.allowed(version, value.getKey(), ((CodeType) fhirValue).getValue())) {
                continue;
            }
            extension.addExtension(value.getKey(), fhirValue);
        }
        if (!extension.hasExtension(COVERED)) {
            return Optional.empty();
        }
        if (version.atLeast(CrdVersion.V2_2) && assertion.policyDocument() != null) {
            extension.addExtension(policyLink(assertion.policyDocument()));
        }
        extension.addExtension("date", new DateType(java.sql.Date.valueOf(assertion.date())));
        extension.addExtension("coverage-assertion-id", new StringType(assertion.assertionId()));
        return Optional.of(extension);
    }

    private static Extension policyLink(String url) {
        Extension detail = new Extension("detail");
        detail.addExtension("category", new CodeType(CATEGORY_OTHER));
        detail.addExtension("code", new CodeableConcept(new Coding(DETAIL_CODE_SYSTEM, POLICY_LINK, null)));
        detail.addExtension("value", new UrlType(url));
        return detail;
    }

    /** The assertion as made on one order, read back from the extension exactly as the EHR received it. */
    public OrderAssertion describe(String orderReference, CoverageAssertion assertion, Extension extension) {
        Map<String, String> details = new LinkedHashMap<>();
        for (Extension sub : extension.getExtension()) {
            if (sub.getValue() != null) {
                details.merge(sub.getUrl(), asText(sub.getValue()), (a, b) -> a + ", " + b);
            }
        }
        return new OrderAssertion(
                assertion.assertionId(),
                orderReference,
                details.get("coverage"),
                details.get("covered"),
                assertion.policyUrl(),
                assertion.policyVersion(),
                assertion.date(),
                Collections.unmodifiableMap(details));
    }

    private static String asText(Type value) {
        if (value instanceof Reference reference) {
            return reference.getReference();
        }
        if (value instanceof Coding coding) {
            return coding.getSystem() + "|" + coding.getCode();
        }
        if (value instanceof CodeableConcept concept) {
            return concept.hasCoding() ? asText(concept.getCodingFirstRep()) : concept.getText();
        }
        if (value instanceof org.hl7.fhir.r4.model.PrimitiveType<?> primitive) {
            return primitive.getValueAsString();
        }
        return String.valueOf(value);
    }

    private static Type toFhir(String subExtension, Object value) {
        if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            value = c.iterator().next();
        }
        if (CoverageInformationCodes.isCodeValued(subExtension)) {
            return new CodeType(text(value));
        }
        if ("billingCode".equals(subExtension)) {
            return coding(value);
        }
        if ("reason".equals(subExtension)) {
            return value instanceof Code code
                    ? new CodeableConcept(coding(code))
                    : new CodeableConcept().setText(text(value));
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
