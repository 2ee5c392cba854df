package dev.myelin.fuzz;

import java.util.Arrays;

/**
 * The contract every fuzz target checks: an input gives a loaded object or one of the documented
 * error types, with a message a person can read. Anything else — another exception type, an empty
 * message, an {@link OutOfMemoryError} or {@link StackOverflowError}, an input that takes longer than
 * {@link #SLOW_MILLIS} — escapes as a finding, which Jazzer saves as a reproducer.
 */
public final class Outcome {
    /** An input slower than this (after the first {@link #WARMUP} inputs, which pay for class loading and instrumentation) is a finding. */
    public static final long SLOW_MILLIS = Long.getLong("fuzz.slowMillis", 5_000);
    static final int WARMUP = 50;

    /**
     * Exception classes to pass over (comma-separated names in {@code fuzz.ignore}): for a long run
     * that should look past bugs already found and not yet fixed. Empty in the regular build.
     */
    static final java.util.Set<String> IGNORED = java.util.Set.of(System.getProperty("fuzz.ignore", "").split(","));

    private static long executions;

    private Outcome() {}

    /** Code under test that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}; returns normally if it succeeded or threw one of {@code allowed} with a message. */
    @SafeVarargs
    public static void expect(Body body, Class<? extends Throwable>... allowed) {
        long start = System.nanoTime();
        try {
            body.run();
        } catch (Throwable t) {
            if (IGNORED.contains(t.getClass().getName())) {
                return;
            }
            if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(t))) {
                throw new FuzzFinding("unexpected " + t.getClass().getName() + ": " + t.getMessage(), t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new FuzzFinding(t.getClass().getName() + " without a message", t);
            }
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (++executions > WARMUP && millis > SLOW_MILLIS) {
                throw new FuzzFinding("one input took " + millis + " ms (limit " + SLOW_MILLIS + " ms)", null);
            }
        }
    }

    /** A broken contract: the fuzzer reports it and keeps the input. */
    public static final class FuzzFinding extends RuntimeException {
        FuzzFinding(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
