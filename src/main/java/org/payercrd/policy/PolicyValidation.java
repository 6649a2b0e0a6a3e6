package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates every policy resource against FHIR R4 on a thread of its own (except those the build validated, see
 * {@link ValidatedResources}). The validator's first call loads and
 * converts the whole R4 specification (most of start-up time), and needs nothing from CQL compilation, so the two
 * run side by side; start-up waits for both. The validator reads copies, taken here, because HAPI model getters
 * initialise fields lazily and the compiler reads the same resources meanwhile.
 */
final class PolicyValidation {

    private static final Logger log = LoggerFactory.getLogger(PolicyValidation.class);

    private final CompletableFuture<Long> outcome;

    private PolicyValidation(CompletableFuture<Long> outcome) {
        this.outcome = outcome;
    }

    static PolicyValidation skipped() {
        return new PolicyValidation(CompletableFuture.completedFuture(0L));
    }

    /**
     * @param validatedAtBuild resources the build already validated, with the same HAPI version: not validated again
     */
    static PolicyValidation start(
            List<PolicyFolder> folders,
            PolicyResourceValidator validator,
            FhirContext fhirContext,
            ValidatedResources validatedAtBuild) {
        List<Copy> copies = new ArrayList<>();
        folders.forEach(folder -> folder.resources().forEach(r -> copies.add(new Copy(folder, r.copy()))));
        CompletableFuture<Long> outcome = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    long started = System.nanoTime();
                    try {
                        List<Copy> toValidate = copies.stream()
                                .filter(copy -> !validatedAtBuild.contains(fhirContext, copy.resource()))
                                .toList();
                        if (toValidate.size() < copies.size()) {
                            log.info(
                                    "{} policy resources were validated when the jar was built; validating the other {} now",
                                    copies.size() - toValidate.size(),
                                    toValidate.size());
                        }
                        toValidate.forEach(copy -> failOnErrors(copy, validator.errors(copy.resource())));
                        outcome.complete((System.nanoTime() - started) / 1_000_000);
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    }
                },
                "policy-validation");
        thread.setDaemon(true);
        thread.start();
        return new PolicyValidation(outcome);
    }

    /** Blocks until every resource is validated; throws the first problem found. */
    void await() {
        try {
            outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new PolicyDefinitionException("Policy validation failed: " + e.getCause(), e.getCause());
        }
    }

    /** How long validation took, once {@link #await()} has returned. */
    long millis() {
        return outcome.getNow(0L);
    }

    private static void failOnErrors(Copy copy, List<SingleValidationMessage> errors) {
        if (!errors.isEmpty()) {
            throw new PolicyDefinitionException("Policy folder " + copy.folder() + ": "
                    + RelativeReference.of(copy.resource()) + " is not valid FHIR R4: "
                    + errors.stream()
                            .map(m -> m.getLocationString() + ": " + m.getMessage())
                            .collect(Collectors.joining("; ")));
        }
    }

    private record Copy(PolicyFolder folder, Resource resource) {}
}
