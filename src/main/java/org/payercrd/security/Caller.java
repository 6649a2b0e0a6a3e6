package org.payercrd.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who made an authenticated call, as the audit keeps it: the EHR's issuer and, when it sent one, the {@code tenant}
 * claim (CDS Hooks 2.0: the EHR's tenant for a multi-tenant EHR). Never the token.
 */
public record Caller(String issuer, String tenant) {

    /** The audit's {@code caller_tenant} columns: a longer {@code tenant} claim is refused with its token. */
    public static final int MAX_TENANT = 200;

    /** The caller of the current request; empty when calls are not authenticated. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(new Caller(
                    token.getToken().getClaimAsString("iss"), token.getToken().getClaimAsString("tenant")));
        }
        return Optional.empty();
    }
}
