package org.payercrd.hooks;

import java.util.List;

/** A hook request that does not follow CDS Hooks 2.0 or CRD; each problem becomes one OperationOutcome issue. */
public class InvalidHookRequestException extends RuntimeException {

    private final List<String> problems;

    public InvalidHookRequestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
