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
 * rank order ({@link StarAllReduce}), so every task applies the same bits and a rerun repeats them.
 * The vector sent is [r_p·∇E_p for every parameter, in order; r_p; r_p·E_p].
 */
final class AllReduceAggregator implements GradientAggregator {
    private final StarAllReduce reduce;
    private double[] buffer = new double[0];

    AllReduceAggregator(StarAllReduce reduce) {
        this.reduce = reduce;
    }

    @Override
    public double aggregate(List<Parameter> parameters, int localRows, double localLoss) {
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
        try {
            reduce.sum(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("the gradient all-reduce failed: " + e.getMessage(), e);
        }
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
}
