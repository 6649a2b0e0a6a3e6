package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates FHIR resources against the base R4 specification with HAPI's instance validator. Used at start-up on
 * every policy resource, and by tests on what the service returns. Building the validator loads the R4
 * definitions (a second or two), so one instance is shared.
 */
public class PolicyResourceValidator {

    private final FhirValidator validator;

    public PolicyResourceValidator(FhirContext fhirContext) {
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
        instanceValidator.setAnyExtensionsAllowed(true);
        this.validator = fhirContext.newValidator().registerValidatorModule(instanceValidator);
    }

    /** The error and fatal messages for a resource; empty when it is valid R4. */
    public List<SingleValidationMessage> errors(IBaseResource resource) {
        return errors(validator.validateWithResult(resource));
    }

    /**
     * The same for a resource as JSON. Validating the text, not a parsed model, also catches what a lenient parse
     * would drop (an unknown code, a misplaced element).
     */
    public List<SingleValidationMessage> errors(String resourceJson) {
        return errors(validator.validateWithResult(resourceJson));
    }

    private static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }
}
