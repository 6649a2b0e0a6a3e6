package org.payercrd.security;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.payercrd.security.IssuerKeys.KeysRefused;
import org.payercrd.security.TrustedIssuers.Issuer;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Verifies the JWT an EHR sends with a CDS Hooks call (CDS Hooks 2.0, "Trusting CDS Clients"). The unverified
 * {@code iss} only chooses which trusted issuer's keys to verify with; a {@code jku} header must name that issuer's
 * registered JWK Set, so keys are never fetched from a URL the token chooses. Then the signature (with the issuer's
 * algorithms: never {@code none} or HMAC), the claims, the audience (the endpoint called) and, last, that the
 * {@code jti} was not used before: only a token that passed everything else uses up its {@code jti}.
 */
public class EhrTokenVerifier {

    private final TrustedIssuers issuers;
    private final ReplayStore replayCache;
    private final Duration clockSkew;

    EhrTokenVerifier(TrustedIssuers issuers, ReplayStore replayCache, Duration clockSkew) {
        this.issuers = issuers;
        this.replayCache = replayCache;
        this.clockSkew = clockSkew;
    }

    public Jwt verify(String token, String expectedAudience) throws InvalidBearerTokenException {
        SignedJWT signed = signed(token);
        JWSHeader header = signed.getHeader();
        String claimedIssuer = claimedIssuer(signed);
        Issuer issuer = issuers.find(claimedIssuer)
                .orElseThrow(() ->
                        RefusedToken.because("iss " + RefusedToken.quote(claimedIssuer) + " is not a trusted issuer"));
        // Pinned keys are the issuer's keys whatever the token's jku says, and a jku is never fetched.
        if (!issuer.pinned()
                && header.getJWKURL() != null
                && !header.getJWKURL().toString().equals(issuer.jwksUrl())) {
            throw RefusedToken.because(
                    "jku " + RefusedToken.quote(header.getJWKURL()) + " is not the JWK Set registered for this issuer");
        }
        if (!issuer.algorithms().contains(header.getAlgorithm())) {
            throw RefusedToken.because(
                    "alg " + RefusedToken.quote(header.getAlgorithm()) + " is not accepted for this issuer; accepted: "
                            + issuer.algorithms().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", ")));
        }
        Jwt jwt = decode(issuer, token);
        if (jwt.getAudience() == null || jwt.getAudience().isEmpty()) {
            throw RefusedToken.because("aud is missing: it must be " + expectedAudience + ", the endpoint called");
        }
        if (!jwt.getAudience().contains(expectedAudience)) {
            throw RefusedToken.because("aud must be " + expectedAudience + ", the endpoint called");
        }
        if (!replayCache.firstUse(
                issuer.issuer(), jwt.getId(), jwt.getExpiresAt().plus(clockSkew))) {
            throw RefusedToken.because(
                    "jti " + RefusedToken.quote(jwt.getId()) + " was used already: send a new token with every call");
        }
        return jwt;
    }

    private static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw RefusedToken.because("the bearer token is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw RefusedToken.because("the token must be a signed JWT (JWS); alg "
                    + RefusedToken.quote(jwt.getHeader().getAlgorithm()) + " is refused");
        }
        return signed;
    }

    private static String claimedIssuer(SignedJWT signed) {
        try {
            return signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw RefusedToken.because("the token's claims are not a JSON object");
        }
    }

    private static Jwt decode(Issuer issuer, String token) {
        try {
            return issuer.decoder().decode(token);
        } catch (JwtException e) {
            throw refusal(e);
        }
    }

    /** Why the decoder refused: the key source's own reason when it has one, so the reason is always true. */
    private static InvalidBearerTokenException refusal(JwtException e) {
        if (e.getCause() instanceof KeysRefused refused) {
            return RefusedToken.because(refused.getMessage(), e);
        }
        if (e instanceof JwtValidationException invalid) {
            return RefusedToken.because(
                    invalid.getErrors().stream()
                            .map(OAuth2Error::getDescription)
                            .collect(Collectors.joining("; ")),
                    e);
        }
        if (e instanceof BadJwtException) {
            return RefusedToken.because("the token does not verify with the issuer's keys: " + e.getMessage(), e);
        }
        return RefusedToken.because("the token could not be verified with the issuer's keys: " + e.getMessage(), e);
    }
}
