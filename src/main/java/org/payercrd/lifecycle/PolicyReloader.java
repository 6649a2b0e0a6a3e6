package org.payercrd.lifecycle;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.payercrd.CrdProperties;
import org.payercrd.lifecycle.PolicyFiles.Fingerprint;
import org.payercrd.operations.HookMetrics;
import org.payercrd.policy.KnowledgeServers;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.PolicyCatalog;
import org.payercrd.policy.PolicyDefinitionException;
import org.payercrd.policy.PolicyLoader;
import org.payercrd.services.ServiceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reload without restart ({@code crd.policies.reload}): one daemon thread looks at the {@code file:} policy
 * locations every {@code crd.policies.reload-interval}; when they changed, and two looks in a row agree (so that an
 * editor's half-written save is not loaded), it builds a new catalog off the request path exactly as start-up does
 * (read, validate, compile, warm up), builds the CDS Services' definitions from it, runs every policy's own test
 * cases against both, and only when all of that passes swaps them in, together. Calls in flight finish on the catalog they
 * took ({@link PolicyCatalog#current()}); every later call uses the new one. Anything wrong keeps the old versions
 * serving: it is logged with the message start-up would have stopped with, counted ({@code crd.policies.reloads}
 * {@code outcome=refused}) and shown in the {@code policies} health details.
 *
 * The knowledge servers of {@code crd.policies.servers} are looked at on the same interval: their look is the id,
 * {@code meta.versionId} and {@code version} of every resource a policy is read from, so a new version of any of them
 * is a change, handled exactly like an edited file. A server that cannot be read keeps the served catalog; the
 * outage is refused once (logged, counted, shown in the health details) until the server answers again.
 */
@Component
public class PolicyReloader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyReloader.class);
    static final String LOADED = "loaded";
    static final String REFUSED = "refused";
    private static final int SHOWN_FAILURES = 3;

    private final CrdProperties.Policies settings;
    private final PolicyLoader loader;
    private final PolicyCatalog catalog;
    private final ServiceDirectory directory;
    private final PolicyCaseRunner caseRunner;
    private final PolicyFiles files;
    private final KnowledgeServers servers;
    private final Counter loaded;
    private final Counter refused;

    private ScheduledExecutorService poller;
    /** The files the served (or last refused) catalog was read from: a change from these is a new version. */
    private volatile Fingerprint current;
    /** The files at the previous look, for the two-looks-agree rule. */
    private volatile Fingerprint previousLook;
    /** Why the knowledge servers could not be read at the last look; null while they answer. */
    private volatile String serversDown;

    public PolicyReloader(
            CrdProperties properties,
            PolicyLoader loader,
            PolicyCatalog catalog,
            ServiceDirectory directory,
            PolicyCaseRunner caseRunner,
            HookMetrics metrics) {
        this.settings = properties.policies();
        this.loader = loader;
        this.catalog = catalog;
        this.directory = directory;
        this.caseRunner = caseRunner;
        this.files = PolicyFiles.of(settings.locations());
        this.servers = loader.servers();
        this.loaded = metrics.policyReloads(LOADED);
        this.refused = metrics.policyReloads(REFUSED);
        // As close to the start-up load as a bean after the catalog can be: an edit from here on is a new version.
        // (A server that fails right after start-up leaves this null: its first answer is then a new version.)
        this.current = settings.reload() ? lookNow() : null;
        this.previousLook = current;
    }

    @Override
    public synchronized void start() {
        if (!settings.reload() || poller != null) {
            return;
        }
        if (files.isEmpty() && servers.isEmpty()) {
            log.warn(
                    "crd.policies.reload is on, but no policy location is a file: folder ({}) and no knowledge "
                            + "server is configured; nothing to watch",
                    settings.locations());
            return;
        }
        Duration interval = settings.reloadInterval();
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "policy-reload");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Policy reload on: watching {} {} every {}", files.roots(), servers.names(), interval);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    /** One look at the files; a throwable escaping a scheduled task would silently end every later look. */
    private void look() {
        try {
            Fingerprint now = lookNow();
            if (now == null) {
                return;
            }
            boolean settled = now.equals(previousLook);
            previousLook = now;
            if (settled && !now.equals(current)) {
                current = now;
                reload();
            }
        } catch (Throwable unexpected) {
            log.error(
                    "Policy reload: the look at {} {} failed; the policies served are unchanged",
                    files.roots(),
                    servers.names(),
                    unexpected);
        }
    }

    /**
     * The watched files and the knowledge servers' resource versions now; null when a server cannot be read, which
     * keeps the served catalog and is refused once per outage (every look would otherwise count one).
     */
    private Fingerprint lookNow() {
        Fingerprint fileLook = files.fingerprint();
        if (servers.isEmpty()) {
            return fileLook;
        }
        Map<String, String> look = new TreeMap<>(fileLook.files());
        try {
            look.putAll(servers.read().versions());
        } catch (PolicyDefinitionException unreadable) {
            if (serversDown == null) {
                serversDown = unreadable.getMessage();
                refuse(
                        Instant.now(),
                        catalog.current().versions(),
                        serversDown + "; the loaded policies keep serving until it answers again",
                        null);
            }
            return null;
        }
        if (serversDown != null) {
            log.info("Policy reload: the knowledge servers answer again ({})", servers.names());
            serversDown = null;
        }
        return new Fingerprint(look);
    }

    /**
     * Builds a catalog from the policy locations as they are now and serves it if it loads and its test cases pass.
     *
     * @return whether the new catalog is now served
     */
    boolean reload() {
        Instant started = Instant.now();
        long startedNanos = System.nanoTime();
        List<String> before = catalog.current().versions();
        LoadedPolicies candidate;
        ServiceDirectory services;
        try {
            candidate = loader.load(loader.read(settings));
            services = directory.withPolicies(candidate);
        } catch (RuntimeException broken) {
            return refuse(started, before, broken.getMessage(), broken);
        }
        List<CaseResult> results;
        try {
            results = caseRunner.runAll(candidate, services);
        } catch (RuntimeException unreadable) {
            return refuse(started, before, unreadable.getMessage(), unreadable);
        }
        List<CaseResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            failed.forEach(r -> log.error("Policy test case {}", r.line()));
            // Every failure is logged above; the reason health shows names the first few.
            String first = String.join(
                    " | ",
                    failed.stream().limit(SHOWN_FAILURES).map(CaseResult::line).toList());
            return refuse(
                    started,
                    before,
                    failed.size() + " of " + results.size() + " policy test cases failed: " + first
                            + (failed.size() > SHOWN_FAILURES ? " | ..." : ""),
                    null);
        }
        // Policies and definitions in one swap: no call sees the new options with the old policies or the reverse.
        directory.serve(services);
        loaded.increment();
        log.info(
                "Policy reload: serving {} (was {}); {} test cases passed; built in {} ms",
                candidate.versions(),
                before,
                results.size(),
                (System.nanoTime() - startedNanos) / 1_000_000);
        return true;
    }

    private boolean refuse(Instant at, List<String> serving, String reason, Throwable cause) {
        String why = reason == null || reason.isBlank() ? String.valueOf(cause) : reason;
        catalog.refused(at, why);
        refused.increment();
        log.error("Policy reload refused, still serving {}: {}", serving, why);
        if (cause != null) {
            log.debug("Policy reload refused", cause);
        }
        return false;
    }
}
