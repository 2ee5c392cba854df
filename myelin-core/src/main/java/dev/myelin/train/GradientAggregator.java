package dev.myelin.train;

import dev.myelin.layers.Parameter;
import java.util.List;

/**
 * The seam for data-parallel training: called on every step after the local batch's gradients are
 * computed and before the optimizer step. Each of K workers holds rows n_k of the global batch of
 * N = Σ n_k rows; the aggregator must replace every parameter's gradient by the global batch's,
 * ∂E/∂θ = Σ_k (n_k/N)·∂E_k/∂θ (the losses are means over rows), and return the global mean loss
 * E = Σ_k (n_k/N)·E_k. Every worker then takes the same optimizer step and the replicas stay
 * identical. On one machine there is no aggregator. Engine-neutral: Spark, MPI or threads plug in here.
 */
@FunctionalInterface
public interface GradientAggregator {

    /**
     * @param parameters the network's parameters, their {@code grad()} holding this worker's batch gradient
     * @param localRows n_k, the rows of this worker's part of the batch (may be 0)
     * @param localLoss E_k, this worker's mean batch loss (NaN when localRows is 0)
     * @return the global batch's mean loss
     */
    double aggregate(List<Parameter> parameters, int localRows, double localLoss);
}
