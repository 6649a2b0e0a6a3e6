package org.payercrd.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.payercrd.CrdProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes the records older than {@code crd.audit.retention} (off when unset, the default), every
 * {@code crd.audit.retention-check}, on a daemon thread of its own: never on a call's path. Each transaction deletes
 * at most {@value #BATCH} calls with their cards, assertions and feedback ({@link AuditRepository#purgeCallsBefore}),
 * each bounded by the audit's statement timeout, so a large backlog (the setting just turned on) never holds a long
 * transaction or many locks beside the writer. The limit is the service's {@link Clock} minus the retention, taken
 * once per run: a record younger than the retention is never touched.
 *
 * <p>Runs never overlap: the schedule runs one at a time with a fixed delay between them, and {@link #purge()} from
 * elsewhere skips while one runs. A run that fails (the store down) logs one WARN line and stops; the next interval
 * tries again.
 */
@Component
public class AuditPurge implements SmartLifecycle {

    static final String PURGED = "crd.audit.purged";

    /**
     * Calls deleted per transaction at most. Measured on H2 with real IRE records (each a 4.8 kB response and its
     * assertion) on the shared 2-core machine at load 14: 1,000 took 1.1 to 2.6 s, over the 1.5 s statement timeout a
     * backlog would then never get past; 200 took 14 to 740 ms.
     */
    static final int BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);

    private final AuditRepository repository;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private final Counter purged;
    private final ReentrantLock running = new ReentrantLock();
    private ScheduledExecutorService scheduler;

    @Autowired
    public AuditPurge(AuditRepository repository, CrdProperties properties, Clock clock, MeterRegistry meters) {
        this(repository, properties.audit().retention(), properties.audit().retentionCheck(), clock, meters);
    }

    /** @param retention null: off */
    public AuditPurge(
            AuditRepository repository, Duration retention, Duration interval, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
        this.purged = Counter.builder(PURGED)
                .description("Calls whose audit record was deleted because it was older than crd.audit.retention")
                .register(meters);
    }

    /**
     * Deletes every record received before now minus the retention, in batches; nothing when the retention is unset
     * or a run is already under way.
     *
     * @return the calls deleted; -1 when another run was under way or the retention is unset
     */
    public int purge() {
        if (retention == null || !running.tryLock()) {
            return -1;
        }
        int deleted = 0;
        try {
            Instant limit = clock.instant().minus(retention);
            int batch;
            do {
                batch = repository.purgeCallsBefore(limit, BATCH);
                deleted += batch;
                purged.increment(batch);
            } while (batch == BATCH && !Thread.currentThread().isInterrupted());
            if (deleted > 0) {
                log.info(
                        "Audit retention: deleted {} call record(s) received before {} (crd.audit.retention={})",
                        deleted,
                        limit,
                        retention);
            }
            return deleted;
        } catch (RuntimeException e) {
            // One line, no stack trace: an outage is already reported by the writer and the health indicator.
            log.warn(
                    "Audit retention: the purge failed after {} call record(s), trying again in {}: {}",
                    deleted,
                    interval,
                    AuditWriter.oneLine(e));
            return deleted;
        } finally {
            running.unlock();
        }
    }

    @Override
    public void start() {
        if (retention == null || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-purge");
            thread.setDaemon(true);
            return thread;
        });
        // A fixed delay on one thread: a slow run delays the next instead of overlapping it. purge() never throws,
        // so the schedule is never cancelled by an exception.
        scheduler.scheduleWithFixedDelay(this::purge, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Audit retention: records older than {} are deleted, checked every {}", retention, interval);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
