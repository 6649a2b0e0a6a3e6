package org.payercrd.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims CDS Hooks 2.0 requires of an EHR's token, checked after its signature: {@code iss} is the issuer whose
 * keys verified it, {@code exp}, {@code iat} and {@code jti} are present, the token is not expired nor issued in the
 * future (within the clock skew), and it lives no longer than the configured maximum; {@code jti} and the optional
 * {@code tenant}, which are stored, fit their columns and hold no control characters. {@code aud} depends on the
 * endpoint called and {@code jti} reuse on earlier calls, so both are checked by {@link EhrTokenVerifier}.
 */
class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    /** The {@code used_token_id.jti} column of the shared replay store. */
    static final int MAX_JTI = 512;

    private final String issuer;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final Clock clock;

    TokenClaimsValidator(String issuer, Duration clockSkew, Duration maxLifetime, Clock clock) {
        this.issuer = issuer;
        this.clockSkew = clockSkew;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /**
     * Whether a claim the service stores fits its column and is clean: PostgreSQL refuses NUL in text, and the
     * token, not the call, is what is wrong, so it is refused like any other bad claim.
     */
    private static boolean fits(String claim, int maxLength) {
        return claim.length() <= maxLength && claim.chars().noneMatch(Character::isISOControl);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        if (!issuer.equals(jwt.getClaimAsString("iss"))) {
            problems.add("iss does not name the issuer whose keys verified the token");
        }
        Instant expiresAt = jwt.getExpiresAt();
        Instant issuedAt = jwt.getIssuedAt();
        if (expiresAt == null) {
            problems.add("exp is missing");
        } else if (now.minus(clockSkew).isAfter(expiresAt)) {
            problems.add("the token expired at " + expiresAt);
        }
        if (issuedAt == null) {
            problems.add("iat is missing");
        } else if (issuedAt.isAfter(now.plus(clockSkew))) {
            problems.add("iat " + issuedAt + " is in the future");
        }
        if (expiresAt != null
                && issuedAt != null
                && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            problems.add("the token lives longer than the " + maxLifetime.toSeconds() + " s accepted (exp - iat)");
        }
        if (jwt.getNotBefore() != null && jwt.getNotBefore().isAfter(now.plus(clockSkew))) {
            problems.add("the token is not valid before " + jwt.getNotBefore());
        }
        String jti = jwt.getId();
        if (jti == null || jti.isBlank()) {
            problems.add("jti is required");
        } else if (!fits(jti, MAX_JTI)) {
            problems.add("jti must be at most " + MAX_JTI + " characters, without control characters");
        }
        Object tenant = jwt.getClaims().get("tenant");
        if (tenant != null && !(tenant instanceof String text && fits(text, Caller.MAX_TENANT))) {
            problems.add("tenant must be a string of at most " + Caller.MAX_TENANT
                    + " characters, without control characters");
        }
        if (problems.isEmpty()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(problems.stream()
                .map(problem -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, problem, null))
                .toList());
    }
}
