package org.payercrd.hooks;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The OAuth 2.0 access token the EHR grants for reads from its FHIR server. Never logged, never stored. */
public record FhirAuthorization(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        String scope,
        String subject) {

    @Override
    public String toString() {
        return "FhirAuthorization[token_type=" + tokenType + ", scope=" + scope + ", subject=" + subject + "]";
    }
}
