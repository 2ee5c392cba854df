package dev.myelin.layers;

import dev.myelin.tensor.Matrix;

/**
 * A trainable tensor and its gradient, listed by the layer that owns it (parameters are listed, not
 * discovered). {@code name} is the model-file tensor name, e.g. {@code layers.0.weight}.
 *
 * @param name the tensor's name in model files
 * @param value the values the layer computes with
 * @param grad ∂E/∂value for the last batch, same shape
 * @param regularized whether L1/L2 penalties apply (weights yes, biases no)
 */
public record Parameter(String name, Matrix value, Matrix grad, boolean regularized) {
    public Parameter {
        if (value.rows() != grad.rows() || value.cols() != grad.cols()) {
            throw new IllegalArgumentException(name + ": gradient shape " + grad.shape() + " differs from " + value.shape());
        }
    }

    /** A parameter with a zero gradient of the same shape and precision. */
    public static Parameter of(String name, Matrix value, boolean regularized) {
        return new Parameter(name, value, Matrix.zeros(value.rows(), value.cols(), value.precision()), regularized);
    }

    public int size() {
        return value.size();
    }
}
