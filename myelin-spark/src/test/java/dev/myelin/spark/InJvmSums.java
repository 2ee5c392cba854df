package dev.myelin.spark;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** For the benchmarks outside this package: times {@link SharedAllReduce#sum} as a barrier task would. */
public final class InJvmSums {
    private InJvmSums() {}

    /**
     * Joins the in-JVM group {@code key} as {@code rank} of {@code tasks} and sums a vector of {@code n}
     * doubles {@code steps} times (after 3 untimed ones); the milliseconds of each timed sum.
     */
    public static double[] time(String key, int rank, int tasks, int n, int steps, BooleanSupplier cancelled) throws IOException {
        double[] millis = new double[steps];
        try (SharedAllReduce c = SharedAllReduce.join(key, rank, tasks, cancelled, 60_000)) {
            double[] v = new double[n];
            for (int s = -3; s < steps; s++) {
                Arrays.fill(v, rank);
                long t0 = System.nanoTime();
                c.sum(v);
                if (s >= 0) {
                    millis[s] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return millis;
    }
}
