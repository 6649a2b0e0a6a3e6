package org.payercrd.fhir;

import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.methods.HttpRequestBase;

/**
 * The HTTP requests of one hook call's reads, so that the call's deadline can let go of them, socket and all.
 * A socket timeout bounds each wait for a byte, not a read: a server sending one byte every half second holds a
 * read for ever, and cancelling the reading thread does not interrupt a blocking socket read. Aborting the request
 * closes its connection, which ends the read at once wherever it is (waiting for a pooled connection, connecting,
 * reading the answer).
 */
final class InFlightReads implements IClientInterceptor {

    private final Set<HttpRequestBase> requests = ConcurrentHashMap.newKeySet();
    private volatile boolean abandoned;

    @Override
    public void interceptRequest(IHttpRequest request) {
        if (!(request instanceof ApacheHttpRequest apache)) {
            throw new IllegalStateException("EHR reads need HAPI's Apache HTTP client, not " + request.getClass());
        }
        HttpRequestBase http = apache.getApacheRequest();
        requests.add(http);
        if (abandoned) {
            // Started after the deadline: fails at once instead of being sent.
            http.abort();
        }
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // The answer is screened by the HTTP client (EhrAnswerScreen) before HAPI sees it.
    }

    /** Ends every read of the call still in progress; any read starting later fails at once. */
    void abandon() {
        abandoned = true;
        requests.forEach(HttpRequestBase::abort);
    }
}
