package dev.myelin.spark;

import java.io.IOException;

/**
 * A sum all-reduce among the P tasks of one barrier stage: every task calls the same operations in
 * the same order with vectors of the same length, and every task ends with the same bits. The sums run
 * in float64 in rank order, s = v₀ + v₁ + … + v_{P−1} left to right, whatever the timing, so a rerun
 * repeats them. Two implementations with the same bits: {@link StarAllReduce} over TCP (tasks in
 * different JVMs) and {@link SharedAllReduce} in memory (all tasks in one executor JVM).
 */
interface AllReduce extends AutoCloseable {
    /** This task's rank, 0 … P−1. */
    int rank();

    /** P, the number of tasks. */
    int tasks();

    /** Replaces {@code v} on every task by Σ_p v_p, added in rank order. */
    void sum(double[] v) throws IOException;

    /**
     * The weighted mean of float32 vectors, for float32 gradients: replaces the first {@code n} values
     * of {@code v} on every task by
     * <pre>  v ← (float) (Σ_p w_p·v_p / Σ_p w_p)</pre>
     * and {@code sums} by Σ_p sums_p, all accumulated in float64 in rank order; returns Σ_p w_p.
     */
    double weightedMean(float[] v, int n, double weight, double[] sums) throws IOException;

    @Override
    void close();
}
