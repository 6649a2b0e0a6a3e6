package org.payercrd.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code aud} a token must carry: the URL of the endpoint called (CDS Hooks 2.0: "the CDS Service endpoint that
 * is being called"), e.g. {@code https://crd.payer.example/cds-services/crd-order-sign} or {@code .../feedback}.
 * Behind a proxy the service cannot see its public URL, hence {@code crd.auth.public-base-url}; without it the URL
 * is the one the request was made to.
 */
class EndpointAudience {

    private final String publicBaseUrl;

    EndpointAudience(String publicBaseUrl) {
        this.publicBaseUrl =
                publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.replaceAll("/+$", "");
    }

    String of(HttpServletRequest request) {
        if (publicBaseUrl == null) {
            return request.getRequestURL().toString();
        }
        return publicBaseUrl
                + request.getRequestURI().substring(request.getContextPath().length());
    }
}
