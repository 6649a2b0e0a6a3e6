package org.payercrd.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trusted issuer's keys, pinned in the configuration or fetched from its {@code jwks-url}, with refusals that say
 * what happened. A fetched set is cached for five minutes and fetched again when a token names a key id it lacks (an
 * EHR rotating keys). Such a refetch happens at most once per 30 s, so that tokens with made-up key ids cannot turn
 * the service into a load generator against the EHR; the fetch at start-up does not count, so an EHR that rotated
 * its key or was down when the service started is fetched again on its first call. After a failed fetch, calls wait
 * 5 s for the next attempt instead of queueing one each; meanwhile the last keys fetched, if any, still verify.
 */
abstract class IssuerKeys implements JWKSource<SecurityContext> {

    /** A token the issuer's keys cannot verify, and why; the message is the reason the caller is given. */
    static final class KeysRefused extends KeySourceException {
        KeysRefused(String reason) {
            super(reason);
        }
    }

    /** Fetches the keys before any call needs them; returns how many there are. */
    abstract int prefetch() throws KeySourceException;

    /**
     * Where the keys come from, said after their count in the start-up log and in refusals: "pinned in its jwks
     * setting", "pinned in its jwks-file /etc/crd/ehr-jwks.json", "fetched from https://ehr.example/jwks.json".
     */
    abstract String origin();

    static IssuerKeys pinned(JWKSet keys, String origin) {
        return new Pinned(keys, origin);
    }

    static IssuerKeys fetched(URL url, boolean acceptBareArray, Clock clock) {
        return new Fetched(url, acceptBareArray, clock);
    }

    static String missing(JWKSelector selector) {
        Set<String> kids = selector.getMatcher().getKeyIDs();
        return kids == null || kids.isEmpty()
                ? "no key fit for the token's alg"
                : "no key with kid " + RefusedToken.quote(kids.iterator().next());
    }

    private static final class Pinned extends IssuerKeys {
        private final JWKSet keys;
        private final String origin;

        Pinned(JWKSet keys, String origin) {
            this.keys = keys;
            this.origin = origin;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            List<JWK> found = selector.select(keys);
            if (found.isEmpty()) {
                throw new KeysRefused(missing(selector) + " among the keys " + origin);
            }
            return found;
        }

        @Override
        int prefetch() {
            return keys.size();
        }

        @Override
        String origin() {
            return origin;
        }
    }

    private static final class Fetched extends IssuerKeys {

        private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

        private static final int FETCH_TIMEOUT_MILLIS = 2_000;
        private static final int MAX_JWKS_BYTES = 256 * 1024;
        private static final Duration TTL = Duration.ofMinutes(5);
        private static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
        private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

        private record Snapshot(JWKSet keys, Instant fetchedAt) {}

        private final URL url;
        private final boolean acceptBareArray;
        private final Clock clock;
        private final DefaultResourceRetriever retriever =
                new DefaultResourceRetriever(FETCH_TIMEOUT_MILLIS, FETCH_TIMEOUT_MILLIS, MAX_JWKS_BYTES);

        private volatile Snapshot current;
        // Guarded by this: the last refetch for an unknown key id, and the last failed fetch.
        private Instant lastKidRefetch;
        private Instant lastFailureAt;
        private String lastFailure;

        Fetched(URL url, boolean acceptBareArray, Clock clock) {
            this.url = url;
            this.acceptBareArray = acceptBareArray;
            this.clock = clock;
        }

        @Override
        String origin() {
            return "fetched from " + url;
        }

        @Override
        synchronized int prefetch() throws KeySourceException {
            current = new Snapshot(fetch(), clock.instant());
            return current.keys().size();
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            Snapshot seen = current;
            if (seen != null && isFresh(seen, clock.instant())) {
                List<JWK> found = selector.select(seen.keys());
                if (!found.isEmpty()) {
                    return found;
                }
            }
            synchronized (this) {
                Instant now = clock.instant();
                Snapshot latest = current;
                boolean fresh = latest != null && isFresh(latest, now);
                if (fresh && latest != seen) {
                    // Another call fetched the set while this one waited: no second fetch for the same key id.
                    List<JWK> found = selector.select(latest.keys());
                    if (!found.isEmpty()) {
                        return found;
                    }
                    throw new KeysRefused(missing(selector) + " in the issuer's key set, fetched again at "
                            + second(latest.fetchedAt()));
                }
                if (fresh && lastKidRefetch != null && now.isBefore(lastKidRefetch.plus(MIN_REFETCH_INTERVAL))) {
                    throw new KeysRefused(
                            missing(selector) + " in the issuer's key set (fetched at " + second(latest.fetchedAt())
                                    + "); its refetch is rate-limited to one per " + MIN_REFETCH_INTERVAL.toSeconds()
                                    + " s: the key set may be fetched again after "
                                    + second(lastKidRefetch.plus(MIN_REFETCH_INTERVAL)));
                }
                if (!fresh && lastFailureAt != null && now.isBefore(lastFailureAt.plus(RETRY_AFTER_FAILURE))) {
                    return stale(
                            selector,
                            latest,
                            "the issuer's keys are unreachable: " + lastFailure + " at " + second(lastFailureAt)
                                    + "; the next attempt is after " + second(lastFailureAt.plus(RETRY_AFTER_FAILURE)));
                }
                if (fresh) {
                    lastKidRefetch = now;
                }
                Snapshot fetched;
                try {
                    fetched = new Snapshot(fetch(), now);
                } catch (KeysRefused e) {
                    lastFailureAt = now;
                    lastFailure = e.getMessage().replaceFirst("^the issuer's keys are unreachable: ", "");
                    log.warn("Trusted issuer keys at {}: {}", url, e.getMessage());
                    return stale(selector, latest, e.getMessage());
                }
                current = fetched;
                lastFailureAt = null;
                List<JWK> found = selector.select(fetched.keys());
                if (found.isEmpty()) {
                    throw new KeysRefused(missing(selector) + " in the issuer's key set, fetched again just now");
                }
                return found;
            }
        }

        /** While the key URL fails, the keys fetched last still verify the tokens they verified before. */
        private static List<JWK> stale(JWKSelector selector, Snapshot latest, String reason) throws KeysRefused {
            if (latest != null) {
                List<JWK> found = selector.select(latest.keys());
                if (!found.isEmpty()) {
                    return found;
                }
            }
            throw new KeysRefused(reason);
        }

        private JWKSet fetch() throws KeysRefused {
            String body;
            try {
                body = retriever.retrieveResource(url).getContent();
            } catch (IOException e) {
                throw new KeysRefused("the issuer's keys are unreachable: GET " + url + " failed: " + describe(e));
            }
            String json = body == null ? "" : body.strip();
            if (json.startsWith("[")) {
                if (!acceptBareArray) {
                    throw new KeysRefused(
                            "the issuer's key URL " + url + " answered a bare JSON array of JWKs, not a JWK Set"
                                    + " ({'keys': [...]}); accept-bare-jwk-array is off for this issuer");
                }
                json = "{\"keys\":" + json + "}";
            }
            try {
                return JWKSet.parse(json);
            } catch (ParseException e) {
                throw new KeysRefused(
                        "the issuer's key URL " + url + " answered something that is not a JWK Set: " + e.getMessage());
            }
        }

        /** HttpURLConnection reports a 404 (or 410) as a FileNotFoundException whose message is only the URL. */
        private static String describe(IOException e) {
            if (e instanceof FileNotFoundException) {
                return "not found (HTTP 404)";
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }

        private static boolean isFresh(Snapshot snapshot, Instant now) {
            return now.isBefore(snapshot.fetchedAt().plus(TTL));
        }

        private static Instant second(Instant instant) {
            return instant.truncatedTo(ChronoUnit.SECONDS);
        }
    }
}
