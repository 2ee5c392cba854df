package dev.myelin.spark;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * For the benchmarks outside this package: times an all-reduce's {@code sum} as a barrier task calls
 * it, over TCP ({@link StarAllReduce}) or in memory ({@link SharedAllReduce}).
 */
public final class AllReduceTimer {
    private AllReduceTimer() {}

    /**
     * Joins the in-JVM group {@code key} as {@code rank} of {@code tasks} and sums a vector of {@code n}
     * doubles {@code steps} times (after 3 untimed ones); the milliseconds of each timed sum.
     */
    public static double[] inJvm(String key, int rank, int tasks, int n, int steps, BooleanSupplier cancelled) throws IOException {
        try (SharedAllReduce c = SharedAllReduce.join(key, rank, tasks, cancelled, 60_000)) {
            return time(c, n, steps);
        }
    }

    /** Sums a vector of {@code n} doubles through {@code c} {@code steps} times (after 3 untimed ones); the milliseconds of each timed sum. */
    public static double[] overTcp(StarAllReduce c, int n, int steps) throws IOException {
        return time(c, n, steps);
    }

    private static double[] time(AllReduce c, int n, int steps) throws IOException {
        double[] millis = new double[steps];
        double[] v = new double[n];
        for (int s = -3; s < steps; s++) {
            Arrays.fill(v, c.rank());
            long t0 = System.nanoTime();
            c.sum(v);
            if (s >= 0) {
                millis[s] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return millis;
    }
}
