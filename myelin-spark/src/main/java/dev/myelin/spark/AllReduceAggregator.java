package dev.myelin.spark;

import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.GradientAggregator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Replaces each task's batch gradient by the global batch's, through one all-reduce per step:
 * <pre>
 *   ∇E = Σ_p r_p·∇E_p / Σ_p r_p        E = Σ_p r_p·E_p / Σ_p r_p
 * </pre>
 * where task p's batch has r_p rows, mean loss E_p and mean gradient ∇E_p. The sums run in float64 in
 * rank order ({@link AllReduce}), so every task applies the same bits and a rerun repeats them.
 * float64 parameters send the vector [r_p·∇E_p for every parameter, in order; r_p; r_p·E_p]
 * ({@link AllReduce#sum}); float32 parameters send r_p, r_p·E_p and ∇E_p in float32, and the hub
 * divides and rounds ({@link AllReduce#weightedMean}): the same bits for half the traffic.
 */
final class AllReduceAggregator implements GradientAggregator {
    private final AllReduce reduce;
    private double[] buffer = new double[0];
    private float[] floats = new float[0];
    private final double[] lossSum = new double[1];
    private long reduceNanos;

    AllReduceAggregator(AllReduce reduce) {
        this.reduce = reduce;
    }

    @Override
    public double aggregate(List<Parameter> parameters, int localRows, double localLoss) {
        boolean allFloat = true;
        for (Parameter p : parameters) {
            allFloat &= p.grad().isFloat();
        }
        if (allFloat) {
            return aggregateFloats(parameters, localRows, localLoss);
        }
        int n = 2;
        for (Parameter p : parameters) {
            n += p.grad().size();
        }
        if (buffer.length != n) {
            buffer = new double[n];
        }
        int k = 0;
        for (Parameter p : parameters) {
            Matrix g = p.grad();
            for (int i = 0, size = g.size(); i < size; i++) {
                buffer[k++] = localRows * g.get(i);
            }
        }
        buffer[k++] = localRows;
        buffer[k] = localRows * localLoss;
        long start = System.nanoTime();
        try {
            reduce.sum(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("the gradient all-reduce failed: " + e.getMessage(), e);
        }
        reduceNanos += System.nanoTime() - start;
        double rows = buffer[n - 2];
        k = 0;
        for (Parameter p : parameters) {
            Matrix g = p.grad();
            for (int i = 0, size = g.size(); i < size; i++) {
                g.set(i, buffer[k++] / rows);
            }
        }
        return buffer[n - 1] / rows;
    }

    private double aggregateFloats(List<Parameter> parameters, int localRows, double localLoss) {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.grad().size();
        }
        if (floats.length != n) {
            floats = new float[n];
        }
        int k = 0;
        for (Parameter p : parameters) {
            Matrix g = p.grad();
            System.arraycopy(g.floats(), 0, floats, k, g.size());
            k += g.size();
        }
        lossSum[0] = localRows * localLoss;
        long start = System.nanoTime();
        double rows;
        try {
            rows = reduce.weightedMean(floats, n, localRows, lossSum);
        } catch (IOException e) {
            throw new UncheckedIOException("the gradient all-reduce failed: " + e.getMessage(), e);
        }
        reduceNanos += System.nanoTime() - start;
        k = 0;
        for (Parameter p : parameters) {
            Matrix g = p.grad();
            System.arraycopy(floats, k, g.floats(), 0, g.size());
            k += g.size();
        }
        return lossSum[0] / rows;
    }

    /** Nanoseconds spent in the all-reduce so far (sending, waiting for the slowest task, receiving). */
    long reduceNanos() {
        return reduceNanos;
    }
}
