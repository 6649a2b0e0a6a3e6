package org.payercrd.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Authenticates a bearer token for the endpoint it was sent to: the expected audience comes from the request, so the
 * manager is made per request around the one shared {@link EhrTokenVerifier}.
 */
class EhrAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

    private final EhrTokenVerifier verifier;
    private final EndpointAudience audience;

    EhrAuthenticationManagerResolver(EhrTokenVerifier verifier, EndpointAudience audience) {
        this.verifier = verifier;
        this.audience = audience;
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        String expectedAudience = audience.of(request);
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            Jwt jwt = verifier.verify(token, expectedAudience);
            // sub is optional in CDS Hooks 2.0; the issuer names the caller.
            return new JwtAuthenticationToken(jwt, List.of(), jwt.getClaimAsString("iss"));
        };
    }
}
