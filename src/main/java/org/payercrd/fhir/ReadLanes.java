package org.payercrd.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reads of one hook call from one FHIR server, run on the permits of that server's bulkhead the call got: each
 * permit is a lane that runs the call's reads one after another. A call needing more reads than the bulkhead allows
 * (encounter-start has six templates, the default bound is four) thus gets all of them, a few later, instead of
 * having its own reads refuse each other; and the server still never has more reads in progress than its bound.
 * A permit comes back when its lane has no read left, or when the call stops waiting, whichever is first.
 */
final class ReadLanes {

    private final Queue<FutureTask<?>> pending = new ConcurrentLinkedQueue<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final EhrServerBulkhead bulkhead;
    private final String server;

    ReadLanes(EhrServerBulkhead bulkhead, String server, List<? extends FutureTask<?>> reads, int permits) {
        this.bulkhead = bulkhead;
        this.server = server;
        this.pending.addAll(reads);
        for (int i = 0; i < permits; i++) {
            lanes.add(new Lane());
        }
    }

    /** Starts the lanes; a lane the executor refuses gives its permit back. Returns how many started. */
    int start(ExecutorService executor) {
        int started = 0;
        for (Lane lane : lanes) {
            try {
                executor.execute(lane);
                started++;
            } catch (RejectedExecutionException e) {
                lane.release();
            }
        }
        return started;
    }

    /** The call has stopped waiting: every permit still held comes back now. */
    void close() {
        lanes.forEach(Lane::release);
    }

    private final class Lane implements Runnable {

        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void run() {
            try {
                for (FutureTask<?> read = pending.poll(); read != null && !released.get(); read = pending.poll()) {
                    read.run();
                }
            } finally {
                release();
            }
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                bulkhead.release(server);
            }
        }
    }
}
