package org.payercrd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.payercrd.CrdVersion;

/**
 * One hook call as the conformance checks see it: what was sent, and what came back.
 *
 * @param fixture  where the request body came from, for messages
 * @param response the response body, parsed; {@code null} when it was not JSON
 * @param version  the CRD version the request asked for (2.0 when it named none)
 */
record HookExchange(String fixture, String hook, JsonNode request, int status, JsonNode response, CrdVersion version) {

    JsonNode cards() {
        return response.path("cards");
    }

    JsonNode systemActions() {
        return response.path("systemActions");
    }

    @Override
    public String toString() {
        return fixture;
    }
}
