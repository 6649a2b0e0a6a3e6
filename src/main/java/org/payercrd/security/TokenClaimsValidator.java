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
 * future (within the clock skew), and it lives no longer than the configured maximum. {@code aud} depends on the
 * endpoint called and {@code jti} reuse on earlier calls, so both are checked by {@link EhrTokenVerifier}.
 */
class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

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
        if (expiresAt != null && issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            problems.add("the token lives longer than the " + maxLifetime.toSeconds() + " s accepted (exp - iat)");
        }
        if (jwt.getNotBefore() != null && jwt.getNotBefore().isAfter(now.plus(clockSkew))) {
            problems.add("the token is not valid before " + jwt.getNotBefore());
        }
        String jti = jwt.getId();
        if (jti == null || jti.isBlank()) {
            problems.add("jti is required");
        }
        if (problems.isEmpty()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(problems.stream()
                .map(problem -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, problem, null))
                .toList());
    }
}
