package org.payercrd.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Error bodies: a FHIR OperationOutcome with one issue per problem, which both FHIR and CDS Hooks clients read. */
public final class OperationOutcomes {

    private OperationOutcomes() {}

    public static OperationOutcome of(IssueType type, List<String> problems) {
        OperationOutcome outcome = new OperationOutcome();
        problems.forEach(problem -> outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(problem));
        return outcome;
    }

    public static OperationOutcome of(IssueType type, String problem) {
        return of(type, List.of(problem));
    }
}
