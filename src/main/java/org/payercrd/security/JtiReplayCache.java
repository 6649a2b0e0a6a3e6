package org.payercrd.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code jti}s of tokens already used, each kept until its token has expired: CDS Hooks 2.0 has the EHR send a
 * fresh token per call, so a second call with the same {@code jti} is a replay. A token cannot outlive its issuer's
 * {@code max-token-lifetime}, which bounds the entries to the calls of that long (5 minutes by default).
 *
 * <p>One node only: a cluster needs the shared table, {@link SharedReplayStore} (see the README).
 */
public class JtiReplayCache implements ReplayStore {

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final ConcurrentMap<String, Instant> forgetAfterByKey = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep;

    public JtiReplayCache(Clock clock) {
        this.clock = clock;
        this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
    }

    /**
     * Records the first use of a token id.
     *
     * @param forgetAfter when the token can no longer be accepted anyway (its expiry plus the clock skew)
     * @return false when the id was already used by a token of that issuer that is still acceptable
     */
    @Override
    public boolean firstUse(String issuer, String jti, Instant forgetAfter) {
        Instant now = clock.instant();
        sweepIfDue(now);
        String key = issuer + '\n' + jti;
        Instant previous = forgetAfterByKey.putIfAbsent(key, forgetAfter);
        if (previous == null) {
            return true;
        }
        // An entry past its time is an expired token's; a new token may reuse that id.
        return previous.isBefore(now) && forgetAfterByKey.replace(key, previous, forgetAfter);
    }

    int size() {
        return forgetAfterByKey.size();
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        forgetAfterByKey.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
    }
}
