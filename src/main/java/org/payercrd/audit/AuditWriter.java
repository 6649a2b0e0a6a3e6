package org.payercrd.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.payercrd.CrdProperties;
import org.payercrd.audit.AuditUnavailableException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Group commit of the call records: one thread takes every record waiting in a bounded queue (up to
 * {@code crd.audit.max-batch}), writes them in one transaction, makes that durable once (one H2 {@code CHECKPOINT},
 * one PostgreSQL commit) and only then releases each call. A durability step costs about the same for one record as
 * for a hundred, so calls that arrive together share it instead of queueing for one sync each.
 *
 * <p>Each call waits at most {@code crd.audit.write-timeout} in all, for room in the queue and for its batch. A call
 * that gives up takes its record back if the writer has not started on it, so a record is never written after its
 * call has failed; once started, it may still land, which stores an assertion nobody received (harmless: the
 * reverse, an assertion received but not stored, is what must never happen). A failed batch fails every call in it,
 * except when it failed on what a record holds (a data-integrity error): then each record is written alone.
 *
 * <p>Started before the web server and stopped after it (see {@link #getPhase()}): the calls still being answered at
 * shutdown are written before the connection pool closes.
 */
@Component
public class AuditWriter implements SmartLifecycle {

    static final String WRITE = "crd.audit.write";
    static final String BATCH_SIZE = "crd.audit.batch.size";
    static final String BATCH_WRITE = "crd.audit.batch.write";
    static final String FAILED = "crd.audit.write.failed";
    static final String QUEUED = "crd.audit.queue.size";

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    /** How often an idle writer looks whether it was stopped. */
    private static final long IDLE_POLL_MILLIS = 200;

    private final AuditRepository repository;
    private final Duration writeTimeout;
    private final int maxBatch;
    private final BlockingQueue<PendingWrite> queue;
    private final Timer writeTimer;
    private final Timer batchTimer;
    private final DistributionSummary batchSize;
    private final Counter timedOut;
    private final Counter batchFailed;
    private final Counter notRunning;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile boolean stopped;
    /** Set by a failed batch, cleared by a successful one; read by the health indicator. */
    private volatile boolean failing;

    private int failedSinceLastSuccess;
    private Thread thread;

    @Autowired
    public AuditWriter(AuditRepository repository, CrdProperties properties, MeterRegistry meters) {
        this(
                repository,
                properties.audit().writeTimeout(),
                properties.audit().queueCapacity(),
                properties.audit().maxBatch(),
                meters);
    }

    public AuditWriter(
            AuditRepository repository, Duration writeTimeout, int queueCapacity, int maxBatch, MeterRegistry meters) {
        this.repository = repository;
        this.writeTimeout = writeTimeout;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writeTimer = Timer.builder(WRITE)
                .description("Time from a call's record being handed to the audit writer to its being durable")
                .register(meters);
        this.batchTimer = Timer.builder(BATCH_WRITE)
                .description("Time to write one batch of call records in one transaction and make it durable")
                .register(meters);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Call records written in one transaction, with one durability step")
                .register(meters);
        this.timedOut = failures(meters, "timeout");
        this.batchFailed = failures(meters, "error");
        this.notRunning = failures(meters, "stopped");
        Gauge.builder(QUEUED, queue, BlockingQueue::size)
                .description("Call records waiting for the audit writer")
                .register(meters);
    }

    private static Counter failures(MeterRegistry meters, String reason) {
        return Counter.builder(FAILED)
                .description("Calls whose record was not made durable within crd.audit.write-timeout")
                .tag("reason", reason)
                .register(meters);
    }

    /**
     * Returns once the record is durable. Before {@link #start()} records wait in the queue (within the timeout);
     * after {@link #stop()} they are refused.
     *
     * @throws AuditUnavailableException when it is not durable within {@code crd.audit.write-timeout}: the writer
     *                                   failed on its batch, or did not get to it in time (the record is then not
     *                                   written later unless the writer had already started on it)
     */
    public void write(ServiceCallRecord call) {
        long submitted = System.nanoTime();
        long deadline = submitted + writeTimeout.toNanos();
        if (stopped) {
            notRunning.increment();
            throw new AuditUnavailableException(Reason.STOPPED, "The audit writer has stopped", false, null);
        }
        PendingWrite pending = new PendingWrite(call, submitted);
        try {
            if (!queue.offer(pending, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                timedOut.increment();
                throw new AuditUnavailableException(
                        Reason.TIMEOUT,
                        "The audit queue stayed full for " + writeTimeout + " (crd.audit.write-timeout)",
                        false,
                        null);
            }
            pending.done.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            boolean withdrawn = pending.withdraw();
            timedOut.increment();
            throw new AuditUnavailableException(
                    Reason.TIMEOUT,
                    "The call's record was not durable within "
                            + writeTimeout + " (crd.audit.write-timeout); "
                            + (withdrawn ? "it will not be written" : "the writer had started on it"),
                    !withdrawn,
                    null);
        } catch (InterruptedException e) {
            boolean withdrawn = pending.withdraw();
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(
                    Reason.STOPPED, "Interrupted while waiting for the audit write", !withdrawn, e);
        } catch (ExecutionException e) {
            batchFailed.increment();
            throw new AuditUnavailableException(
                    Reason.ERROR, "The audit write failed: " + oneLine(e.getCause()), false, e.getCause());
        }
    }

    /**
     * Hands a record to the writer without waiting for it: it is written with the next batch, if there is room in
     * the queue and the batch succeeds, and otherwise lost. For a record nobody is promised, such as that of a call
     * answered without its assertions because its own record could not be written.
     *
     * @return whether the record was queued (false when the queue is full or the writer has stopped)
     */
    public boolean handOff(ServiceCallRecord call) {
        return !stopped && queue.offer(new PendingWrite(call, System.nanoTime()));
    }

    /**
     * Whether the writer's last batch failed (and none has succeeded since): the store is failing writes now, not
     * merely slow. False before the first batch.
     */
    public boolean failing() {
        return failing;
    }

    private void drain() {
        List<PendingWrite> batch = new ArrayList<>(maxBatch);
        while (true) {
            PendingWrite first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Only stop() interrupts, and only once the queue had time to empty.
                return;
            }
            if (first == null) {
                if (!running) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            writeBatch(batch);
            batch.clear();
        }
    }

    private void writeBatch(List<PendingWrite> batch) {
        List<PendingWrite> taken = new ArrayList<>(batch.size());
        for (PendingWrite pending : batch) {
            if (pending.take()) {
                taken.add(pending);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            repository.recordCalls(taken.stream().map(PendingWrite::call).toList());
        } catch (DataIntegrityViolationException e) {
            // A value the tables cannot hold, or a key already used, is one record's fault: each is written alone,
            // so that one bad record cannot fail its neighbours.
            batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSize.record(taken.size());
            log.debug("Audit batch of {} record(s) refused ({}); writing each alone", taken.size(), oneLine(e));
            taken.forEach(this::writeAlone);
            return;
        } catch (Throwable e) {
            // Every call in the batch fails: none of their records is stored, and none may be answered as if it were.
            batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSize.record(taken.size());
            failedBatch(taken.size(), e);
            taken.forEach(pending -> pending.done.completeExceptionally(e));
            return;
        }
        long durable = System.nanoTime();
        succeededBatch();
        batchTimer.record(durable - started, TimeUnit.NANOSECONDS);
        batchSize.record(taken.size());
        for (PendingWrite pending : taken) {
            writeTimer.record(durable - pending.submitted, TimeUnit.NANOSECONDS);
            pending.done.complete(null);
        }
    }

    private void writeAlone(PendingWrite pending) {
        long started = System.nanoTime();
        try {
            repository.recordCall(pending.call());
        } catch (DataIntegrityViolationException e) {
            batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSize.record(1);
            // The record's own fault, not the store's: health stays as it is.
            pending.done.completeExceptionally(e);
            return;
        } catch (Throwable e) {
            batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSize.record(1);
            failedBatch(1, e);
            pending.done.completeExceptionally(e);
            return;
        }
        long durable = System.nanoTime();
        succeededBatch();
        batchTimer.record(durable - started, TimeUnit.NANOSECONDS);
        batchSize.record(1);
        writeTimer.record(durable - pending.submitted, TimeUnit.NANOSECONDS);
        pending.done.complete(null);
    }

    /**
     * One WARN when writes start failing, not one per batch: each call that fails logs its own line where it is
     * answered, and an outage would otherwise double every line.
     */
    private void failedBatch(int records, Throwable e) {
        failing = true;
        if (failedSinceLastSuccess++ == 0) {
            log.warn("Audit writes are failing (a batch of {} call record(s) failed): {}", records, oneLine(e));
        } else {
            log.debug("Audit write of {} call record(s) failed: {}", records, oneLine(e));
        }
    }

    /** The database's own words (not Spring's wrapper, which quotes the whole SQL), on one line. */
    static String oneLine(Throwable e) {
        String message = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.replaceAll("\\s+", " ").strip();
    }

    private void succeededBatch() {
        if (failing) {
            log.info("Audit writes succeed again, after {} failed batch(es)", failedSinceLastSuccess);
        }
        failing = false;
        failedSinceLastSuccess = 0;
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            thread = new Thread(this::drain, "audit-writer");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops taking records and waits for those already queued to be written (each bounded by the timeouts). */
    @Override
    public void stop() {
        Thread writer;
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            stopped = true;
            writer = thread;
        }
        try {
            writer.join(writeTimeout.multipliedBy(2).plusSeconds(1).toMillis());
            if (writer.isAlive()) {
                log.warn(
                        "The audit writer did not finish its queue within {}; {} record(s) not written",
                        writeTimeout.multipliedBy(2).plusSeconds(1),
                        queue.size());
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the web server's phases: started before it takes calls, stopped after its last call is answered. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Records waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** A call record and the call waiting for it. */
    private static final class PendingWrite {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        private final ServiceCallRecord call;
        private final long submitted;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        PendingWrite(ServiceCallRecord call, long submitted) {
            this.call = call;
            this.submitted = submitted;
        }

        ServiceCallRecord call() {
            return call;
        }

        /** The writer starts on the record, unless its call gave up first. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** The call gives up: true when the writer had not started on the record, which it now never will. */
        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN) || state.get() == WITHDRAWN;
        }
    }
}
