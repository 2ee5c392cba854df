package dev.myelin.activations;

import dev.myelin.tensor.Matrix;
import java.util.Locale;

/**
 * An activation function a = g(z), applied to a batch of pre-activations (rows × units), with its
 * derivative for the backward pass.
 *
 * <p>Element-wise activations extend {@link ElementwiseActivation} and only write g(z) and g'(z);
 * {@link Softmax} works on whole rows. Names are those of the JSON network format:
 * {@code identity, step, sigmoid, tanh, relu, leaky_relu, softmax, elu, gelu, softplus}.
 */
public interface Activation {

    Activation IDENTITY = new Identity();
    Activation STEP = new Step();
    Activation SIGMOID = new Sigmoid();
    Activation TANH = new Tanh();
    Activation RELU = new Relu();
    Activation LEAKY_RELU = new LeakyRelu(LeakyRelu.DEFAULT_ALPHA);
    Activation SOFTMAX = new Softmax();
    Activation ELU = new Elu(Elu.DEFAULT_ALPHA);
    Activation GELU = new Gelu();
    Activation SOFTPLUS = new Softplus();

    /** The name used in JSON files and on the command line, e.g. {@code leaky_relu}. */
    String name();

    /** a = g(z), row by row. {@code z} and {@code a} have the same shape; they may be the same matrix only for element-wise activations. */
    void forward(Matrix z, Matrix a);

    /**
     * ∂E/∂z from ∂E/∂a: for an element-wise g, ∂E/∂z = g'(z) ⊙ ∂E/∂a; for softmax the Jacobian
     * product. {@code z} and {@code a} are the values of the forward pass.
     */
    void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ);

    /** Leaky ReLU with slope α for z &lt; 0: g(z) = max(αz, z). */
    static Activation leakyRelu(double alpha) {
        return new LeakyRelu(alpha);
    }

    /** ELU with parameter α: g(z) = z for z &gt; 0, α(eᶻ − 1) otherwise. */
    static Activation elu(double alpha) {
        return new Elu(alpha);
    }

    /** The activation with this name (default parameters), case-insensitive. */
    static Activation byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "identity", "linear", "none" -> IDENTITY;
            case "step", "threshold", "heaviside" -> STEP;
            case "sigmoid", "logistic" -> SIGMOID;
            case "tanh" -> TANH;
            case "relu" -> RELU;
            case "leaky_relu", "leakyrelu" -> LEAKY_RELU;
            case "softmax" -> SOFTMAX;
            case "elu" -> ELU;
            case "gelu" -> GELU;
            case "softplus" -> SOFTPLUS;
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "': expected one of identity, step, sigmoid, tanh, relu, leaky_relu, softmax, elu, gelu, softplus");
        };
    }

    /** The names {@link #byName} accepts, canonical spelling. */
    static java.util.List<String> names() {
        return java.util.List.of("identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "elu", "gelu", "softplus");
    }
}
