package org.payercrd.fhir;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A bound on the reads in progress from each FHIR server (scheme, host and port), across all hook calls, so that one
 * slow or hostile server cannot take the reader threads every other EHR's calls need. A call that finds its server
 * at the bound does not wait: its data is reported as not checked at once, because waiting would spend the call's
 * time budget on the very server that is slow. The map holds servers with reads in progress only.
 */
final class EhrServerBulkhead {

    private final int maxReadsPerServer;
    private final ConcurrentMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    EhrServerBulkhead(int maxReadsPerServer) {
        this.maxReadsPerServer = maxReadsPerServer;
    }

    /**
     * Up to {@code wanted} permits for reads from {@code server}, as many as it has free: 0 if it has as many reads
     * in progress as allowed. One call's reads share the permits it got ({@link ReadLanes}).
     */
    int tryAcquire(String server, int wanted) {
        int[] acquired = {0};
        inProgress.compute(key(server), (k, reads) -> {
            int current = reads == null ? 0 : reads;
            acquired[0] = Math.max(0, Math.min(wanted, maxReadsPerServer - current));
            int now = current + acquired[0];
            return now == 0 ? null : now;
        });
        return acquired[0];
    }

    /** Gives back one permit {@link #tryAcquire} gave. */
    void release(String server) {
        inProgress.computeIfPresent(key(server), (k, reads) -> reads <= 1 ? null : reads - 1);
    }

    private static String key(String server) {
        URI uri = URI.create(server);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
        return (uri.getScheme() + "://" + host + ":" + port).toLowerCase(Locale.ROOT);
    }
}
