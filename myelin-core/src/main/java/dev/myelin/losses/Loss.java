package dev.myelin.losses;

import dev.myelin.activations.Activation;
import dev.myelin.tensor.Matrix;
import java.util.Locale;

/**
 * A loss E(a, y) between the network's output a and the target y (both batch rows × outputs),
 * with its gradient ∂E/∂a. Every loss is averaged over the batch, so that a gradient step does not
 * grow with the batch size (notes 003: ∇C ≈ (1/m) Σₓ ∇Cₓ).
 *
 * <p>Some pairs of output activation and loss are <em>fused</em>: softmax with categorical
 * cross-entropy and sigmoid with binary cross-entropy give ∂E/∂z = (a − y)/N directly, and their loss
 * is computed from z, stable for saturated outputs. {@link #fusesWith} tells whether a pair is fused.
 */
public interface Loss {

    Loss MSE = new MeanSquaredError();
    Loss HALF_SSE = new HalfSumSquaredError();
    Loss BINARY_CROSS_ENTROPY = new BinaryCrossEntropy();
    Loss CATEGORICAL_CROSS_ENTROPY = new CategoricalCrossEntropy();

    /** The name used on the command line and in files, e.g. {@code half_sse}. */
    String name();

    /** E(a, y), averaged as this loss defines. */
    double value(Matrix output, Matrix target);

    /** ∂E/∂a for every element, written into {@code grad} (same shape as output). */
    void gradient(Matrix output, Matrix target, Matrix grad);

    /** True if this loss has a fused, numerically stable form after {@code activation}. */
    default boolean fusesWith(Activation activation) {
        return false;
    }

    /** E computed from the pre-activations z of the output layer (fused pairs only). */
    default double fusedValue(Matrix z, Matrix target) {
        throw new UnsupportedOperationException(name() + " has no fused form");
    }

    /** ∂E/∂z = (a − y)/N, written into {@code gradZ} (fused pairs only). */
    default void fusedGradient(Matrix output, Matrix target, Matrix gradZ) {
        throw new UnsupportedOperationException(name() + " has no fused form");
    }

    static Loss byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "mse", "mean_squared_error" -> MSE;
            case "half_sse", "sse" -> HALF_SSE;
            case "binary_cross_entropy", "bce", "binary_crossentropy" -> BINARY_CROSS_ENTROPY;
            case "categorical_cross_entropy", "cce", "cross_entropy", "categorical_crossentropy" ->
                    CATEGORICAL_CROSS_ENTROPY;
            default -> throw new IllegalArgumentException("unknown loss '" + name
                    + "': expected one of mse, half_sse, binary_cross_entropy, categorical_cross_entropy");
        };
    }

    static java.util.List<String> names() {
        return java.util.List.of("mse", "half_sse", "binary_cross_entropy", "categorical_cross_entropy");
    }

    /** Throws if output and target differ in shape. */
    static void checkShapes(String loss, Matrix output, Matrix target) {
        if (output.rows() != target.rows() || output.cols() != target.cols()) {
            throw new IllegalArgumentException(loss + ": the output is " + output.shape()
                    + " but the target is " + target.shape());
        }
    }
}
