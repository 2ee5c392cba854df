package dev.myelin.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock seconds per named phase of one barrier task (rows, rendezvous, steps, all-reduce,
 * checkpoints …), in the order first seen: what the benchmark prints to show where an epoch's time
 * goes. Not thread-safe: one task, one clock.
 */
final class PhaseClock {
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /** Charges the time since the last mark (or since creation) to {@code phase}, and marks now. */
    void lap(String phase) {
        long now = System.nanoTime();
        add(phase, now - mark);
        mark = now;
    }

    /** Adds {@code elapsed} nanoseconds to {@code phase} without moving the mark. */
    void add(String phase, long elapsed) {
        nanos.merge(phase, elapsed, Long::sum);
    }

    /** Seconds per phase, in first-seen order. */
    Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }
}
