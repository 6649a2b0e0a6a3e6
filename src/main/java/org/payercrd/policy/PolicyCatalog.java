package org.payercrd.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policies the request path uses: one {@link LoadedPolicies} snapshot, meant to be replaced whole by a reload
 * (not built yet). A hook call takes {@link #current()} once and works on that snapshot to the end, so a reload
 * never mixes two versions of a policy in one answer.
 */
public class PolicyCatalog {

    private final AtomicReference<LoadedPolicies> current;

    public PolicyCatalog(LoadedPolicies initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** The snapshot to use for one whole call. */
    public LoadedPolicies current() {
        return current.get();
    }

    /** The current snapshot's policies; a caller that also evaluates should take {@link #current()} once instead. */
    public List<Policy> policies() {
        return current().policies();
    }

    /** The current snapshot's evaluator; for tests and tools that look inside one policy. */
    public PolicyEvaluator evaluator() {
        return current().evaluator();
    }

    public long loadMillis() {
        return current().loadMillis();
    }

    /** Serves {@code next} from now on; calls that already took the old snapshot finish on it. */
    public void replace(LoadedPolicies next) {
        current.set(next);
    }
}
