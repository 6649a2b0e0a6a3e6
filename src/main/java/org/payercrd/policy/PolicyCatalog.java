package org.payercrd.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policies the request path uses: one {@link LoadedPolicies} snapshot, replaced whole by a reload. A hook call
 * takes {@link #current()} once and works on that snapshot to the end, so a reload never mixes two versions of a
 * policy in one answer. It also remembers the last version a reload refused, which the health details show: an
 * analyst whose edit is not served must be able to see why without reading the log.
 */
public class PolicyCatalog {

    /** A new version of the policies that was not served, and why (the message start-up would have stopped with). */
    public record Refusal(Instant at, String reason) {}

    private record Served(LoadedPolicies policies, Instant since) {}

    private final AtomicReference<Served> current;
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();

    public PolicyCatalog(LoadedPolicies initial) {
        this.current = new AtomicReference<>(new Served(initial, Instant.now()));
    }

    /** The snapshot to use for one whole call. */
    public LoadedPolicies current() {
        return current.get().policies();
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

    /** When the current snapshot started being served: start-up, or the last reload that was accepted. */
    public Instant servedSince() {
        return current.get().since();
    }

    /**
     * Serves {@code next} from now on; calls that already took the old snapshot finish on it. The request path takes
     * its policies from its service's definition ({@code CdsServiceDefinition.policies()}), which a reload swaps
     * first: this snapshot is what the health details and the policies listing show.
     */
    public void replace(LoadedPolicies next) {
        current.set(new Served(next, Instant.now()));
    }

    /** Records that a new version was refused; the current snapshot keeps being served. */
    public void refused(Instant at, String reason) {
        lastRefusal.set(new Refusal(at, reason));
    }

    /** The last refused version since start-up, whether or not a later one was accepted. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }
}
