package org.payercrd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every problem found in what a caller sent, so that one answer names them all instead of the first alone (an EHR's
 * developer fixes a request in one round trip), then one exception of the caller's choosing if there was any.
 */
public final class Problems {

    private final List<String> messages = new ArrayList<>();

    public void add(String problem) {
        messages.add(problem);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Marks where checking one part starts, to ask afterwards whether that part had any problem. */
    public Checkpoint checkpoint() {
        int before = messages.size();
        return () -> messages.size() > before;
    }

    public <E extends RuntimeException> void throwIfAny(Function<List<String>, E> failure) {
        if (!messages.isEmpty()) {
            throw failure.apply(messages());
        }
    }

    /** Whether problems were found since the checkpoint was taken. */
    @FunctionalInterface
    public interface Checkpoint {
        boolean foundAny();
    }
}
