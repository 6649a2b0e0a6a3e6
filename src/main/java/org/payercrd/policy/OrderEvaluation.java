package org.payercrd.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.opencds.cqf.cql.engine.execution.CqlEngine;

/**
 * One policy's CQL for one order, evaluated in steps: first the conditions of the actions that may fire, then only
 * the text and dynamic values of the actions that did. All steps run on one engine, whose expression cache (keyed by
 * name only, not by the order) therefore holds this order's results and nothing else: what a condition computed
 * (e.g. {@code "Order Is IRE"}) is reused by the card text that needs it, and the engine is dropped with this object,
 * so no result reaches another order, policy or call. Not thread-safe: one order's assessment owns it.
 */
public final class OrderEvaluation {

    private final Policy policy;
    private final CqlEngine engine;
    private final Function<Set<String>, Map<String, Object>> evaluate;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> view = Collections.unmodifiableMap(values);

    OrderEvaluation(Policy policy, CqlEngine engine, Function<Set<String>, Map<String, Object>> evaluate) {
        this.policy = policy;
        this.engine = engine;
        this.evaluate = evaluate;
    }

    /**
     * Evaluates those of {@code expressions} not evaluated yet for this order (no engine call when none is missing)
     * and returns every value known so far, by expression name.
     */
    public Map<String, Object> values(Set<String> expressions) {
        Set<String> missing = new LinkedHashSet<>();
        for (String expression : expressions) {
            if (expression != null && !values.containsKey(expression)) {
                missing.add(expression);
            }
        }
        if (!missing.isEmpty()) {
            values.putAll(evaluate.apply(missing));
        }
        return view;
    }

    /**
     * The expression definitions of the policy's library the engine computed for this order so far, the ones asked
     * for and those they refer to, as the engine's own expression cache records them: what this order really cost.
     */
    public Set<String> evaluated() {
        Set<String> names = new LinkedHashSet<>();
        engine.getCache().getExpressions().forEach((library, results) -> {
            if (policy.library().getName().equals(library.getId())) {
                names.addAll(results.keySet());
            }
        });
        return names;
    }

    public Policy policy() {
        return policy;
    }
}
