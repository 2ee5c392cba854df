package dev.myelin.explain;

import dev.myelin.Network;
import java.util.List;

/**
 * Every number of N training steps on one batch, as {@link Explainer} computed them in float64:
 * what {@code myelin explain} prints. Arrays are rows = examples of the batch, columns = units; a
 * layer's weights are [inputs][units] as in {@link dev.myelin.layers.Dense}.
 *
 * <p>A forward-only explanation ({@link Explainer#forward}, inputs without a target) has a null loss
 * and optimizer, one step whose targets, losses, gradients and updates are null, and NaN numbers.
 *
 * @param loss the loss's name ({@code half_sse}, {@code mse}, ...); null for a forward pass alone
 * @param optimizer the optimizer's name ({@code sgd}, {@code adam}, ...); null for a forward pass alone
 * @param learningRate η
 * @param fused whether the loss was fused with the output activation (δ = (a − y)/N directly)
 * @param steps one entry per training step, in order
 * @param network the network after the last update (float64)
 * @param finalLoss the loss on the batch after the last update
 */
public record Explanation(String loss, String optimizer, double learningRate, boolean fused, List<Step> steps,
        Network network, double finalLoss) {

    /** True for the forward pass alone (no target given): no loss, backward pass or update. */
    public boolean forwardOnly() {
        return loss == null;
    }

    /**
     * One forward pass, backward pass and update.
     *
     * @param index 1-based step number
     * @param x the inputs, examples × inputs
     * @param y the targets, examples × outputs
     * @param loss E of the batch before this step's update
     * @param exampleLosses E of each example alone (E is their mean)
     * @param layers one entry per dense layer, input side first
     */
    public record Step(int index, double[][] x, double[][] y, double loss, double[] exampleLosses,
            List<LayerStep> layers) {
        /** The network's output ŷ, examples × outputs. */
        public double[][] outputs() {
            return layers.get(layers.size() - 1).a();
        }
    }

    /**
     * One dense layer in one step. All gradients are of the batch loss E, so they carry its 1/N
     * (rows of {@code delta} are ∂E/∂z for each example; the weight and bias gradients are sums over
     * the rows, that is averages of the per-example gradients).
     *
     * @param index 0-based layer index in the network
     * @param activation the activation's name
     * @param input a_prev, the layer's input (x for the first layer), examples × inputs
     * @param weights W before the update, [inputs][units]
     * @param bias b before the update; null for a layer without bias (and so are the bias gradients,
     *     the bias after the update and the optimizer slots' bias)
     * @param z z = a_prev·W + b, examples × units
     * @param a a = g(z), examples × units
     * @param gradA ∂E/∂a, examples × units; null for a fused output layer
     * @param derivative g'(z) element by element (∂a/∂z); null for softmax and for a fused output layer
     * @param delta δ = ∂E/∂z, examples × units
     * @param weightGradients ∂E/∂W = a_prevᵀ·δ, [inputs][units]
     * @param biasGradients ∂E/∂b = Σ_rows δ
     * @param weightsAfter W after the update
     * @param biasAfter b after the update
     * @param state the optimizer's state after the update (momentum buffers, moments), may be empty
     */
    public record LayerStep(int index, String activation, double[][] input, double[][] weights, double[] bias,
            double[][] z, double[][] a, double[][] gradA, double[][] derivative, double[][] delta,
            double[][] weightGradients, double[] biasGradients, double[][] weightsAfter, double[] biasAfter,
            List<OptimizerSlot> state) {
        /** Inputs of the layer: rows of W. */
        public int inputs() {
            return weights.length;
        }

        /** Units of the layer: columns of W. */
        public int units() {
            return weights[0].length;
        }

        /** Whether the layer has a bias b. */
        public boolean hasBias() {
            return bias != null;
        }
    }

    /**
     * One state tensor of the optimizer for one layer, after the update.
     *
     * @param name the slot's name, e.g. {@code exp_avg}
     * @param weights its value for each weight, [inputs][units]
     * @param bias its value for each bias
     */
    public record OptimizerSlot(String name, double[][] weights, double[] bias) {}
}
