package org.payercrd.lifecycle;

import java.util.List;

/**
 * What running one policy test case gave.
 *
 * @param name     the policy and the case file, e.g. {@code <policy folder>/tests/<case>.json}
 * @param problems each way the answer differed from the expectation; empty when the case passes
 */
public record CaseResult(String name, String description, List<String> problems) {

    public boolean passed() {
        return problems.isEmpty();
    }

    /** One line for a console or a log. */
    public String line() {
        return (passed() ? "PASS " : "FAIL ") + name + (passed() ? "" : ": " + String.join("; ", problems));
    }
}
