package dev.myelin.layers;

import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * One stage of a feed-forward network, with its forward and backward pass side by side.
 *
 * <p>Shapes: {@code forward} takes a batch of rows × {@link #inputs()} and returns rows ×
 * {@link #outputs()}; {@code backward} takes ∂E/∂output of that shape, stores ∂E/∂θ in each
 * {@link Parameter#grad()} and returns ∂E/∂input. Returned matrices are the layer's own workspaces,
 * valid until its next call; they are sized once for the largest batch and reused.
 */
public interface Layer {

    int inputs();

    int outputs();

    /** The type name of the JSON network format: {@code dense} or {@code dropout}. */
    String type();

    Matrix forward(Matrix input, boolean training);

    Matrix backward(Matrix gradOutput);

    /** This layer's trainable parameters, in a fixed order (weights before bias); empty if none. */
    List<Parameter> parameters();

    /** A copy with the same configuration and parameter values, and fresh workspaces. */
    Layer copy();

    /** Throws a clear error when a batch does not have {@code layer.inputs()} columns. */
    static void checkInput(Layer layer, Matrix input) {
        if (input.cols() != layer.inputs()) {
            throw new IllegalArgumentException(layer + " expects " + layer.inputs() + " input values per example, got "
                    + input.cols() + " (batch " + input.shape() + ")");
        }
    }
}
