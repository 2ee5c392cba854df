package dev.myelin.layers;

import dev.myelin.tensor.Matrix;

/**
 * A trainable tensor and its gradient, listed by the layer that owns it (parameters are listed, not
 * discovered). {@code name} is the name within the layer ({@code weight}); model files prefix the
 * layer, as in {@code layers.0.weight}.
 *
 * @param name the tensor's name within its layer
 * @param value the values the layer computes with
 * @param grad ∂E/∂value for the last batch, same shape
 * @param regularized whether L1/L2 penalties apply (weights yes, biases no)
 * @param shape the tensor's shape in model files (a dense weight is [inputs, units], a bias [units]);
 *     its size equals {@code value.size()}
 */
public record Parameter(String name, Matrix value, Matrix grad, boolean regularized, Shape shape) {
    public Parameter {
        if (value.rows() != grad.rows() || value.cols() != grad.cols()) {
            throw new IllegalArgumentException(name + ": gradient shape " + grad.shape() + " differs from " + value.shape());
        }
        if (shape.size() != value.size()) {
            throw new IllegalArgumentException(name + ": shape " + shape + " does not hold " + value.size() + " values");
        }
    }

    /** A parameter stored with the matrix's own shape [rows, cols]. */
    public Parameter(String name, Matrix value, Matrix grad, boolean regularized) {
        this(name, value, grad, regularized, Shape.of(value.rows(), value.cols()));
    }

    /** A parameter with a zero gradient of the same shape and precision, stored as [rows, cols]. */
    public static Parameter of(String name, Matrix value, boolean regularized) {
        return new Parameter(name, value, Matrix.zeros(value.rows(), value.cols(), value.precision()), regularized);
    }

    /** A parameter with a zero gradient, stored with the given shape (e.g. a 1 × n bias as [n]). */
    public static Parameter of(String name, Matrix value, boolean regularized, Shape shape) {
        return new Parameter(name, value, Matrix.zeros(value.rows(), value.cols(), value.precision()), regularized, shape);
    }

    /** The number of values. */
    public int size() {
        return value.size();
    }
}
