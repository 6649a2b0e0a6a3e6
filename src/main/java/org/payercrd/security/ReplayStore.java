package org.payercrd.security;

import java.time.Instant;

/** Remembers the {@code jti}s of tokens already used: in this instance's memory, or in a table all instances share. */
interface ReplayStore {

    /**
     * Records the first use of a token id.
     *
     * @param forgetAfter when the token can no longer be accepted anyway (its expiry plus the clock skew)
     * @return false when the id was already used by a token of that issuer that is still acceptable
     */
    boolean firstUse(String issuer, String jti, Instant forgetAfter);
}
