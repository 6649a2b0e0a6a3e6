package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class EndpointAudienceTest {

    @Test
    void audienceIsThePublicUrlOfTheEndpointCalled() {
        EndpointAudience audience = new EndpointAudience("https://crd.payer.example/");

        assertThat(audience.of(request("", "/cds-services/crd-order-sign/feedback")))
                .isEqualTo("https://crd.payer.example/cds-services/crd-order-sign/feedback");
    }

    @Test
    void publicUrlReplacesTheContextPathTheServiceRunsUnder() {
        EndpointAudience audience = new EndpointAudience("https://payer.example/crd");

        assertThat(audience.of(request("/internal", "/internal/cds-services/crd-order-sign")))
                .isEqualTo("https://payer.example/crd/cds-services/crd-order-sign");
    }

    @Test
    void withoutPublicUrlTheAudienceIsTheUrlTheRequestWasMadeTo() {
        EndpointAudience audience = new EndpointAudience(null);

        assertThat(audience.of(request("", "/cds-services/crd-order-sign")))
                .isEqualTo("http://crd.internal:8080/cds-services/crd-order-sign");
    }

    private static MockHttpServletRequest request(String contextPath, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setContextPath(contextPath);
        request.setServerName("crd.internal");
        request.setServerPort(8080);
        request.setQueryString("ignored=1");
        return request;
    }
}
