package dev.myelin.layers;

import dev.myelin.activations.Activation;
import dev.myelin.kernel.Kernels;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * A fully connected layer: every unit j sees every input i (notes 000–003).
 *
 * <p><b>Forward</b>, for a batch X (rows × inputs): Z = X·W + b, A = g(Z); for one example and unit j,
 * z_j = Σᵢ w_ij·x_i + b_j and a_j = g(z_j). W is [inputs][units]: w_ij connects input i to unit j.
 *
 * <p><b>Backward</b>, given ∂E/∂A: δ = ∂E/∂Z = g'(Z) ⊙ ∂E/∂A (the notes' delta rule,
 * δ_j = g'(z_j)·Σ_k w_jk δ_k for a hidden layer, where ∂E/∂A came from the next layer as δ·Wᵀ),
 * then ∂E/∂W = Xᵀ·δ (∂E/∂w_ij = x_i·δ_j), ∂E/∂b = Σ_rows δ, ∂E/∂X = δ·Wᵀ.
 * Gradients are already averaged over the batch, because the loss's gradient is.
 */
public final class Dense implements Layer {
    private final int inputs;
    private final int units;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;
    private final Kernels kernels;

    private Matrix input;
    private Matrix z;
    private Matrix a;
    private Matrix gradZ;
    private Matrix gradInput;

    /**
     * @param weights [inputs][units], taken as is (not copied)
     * @param bias 1 × units, taken as is
     */
    public Dense(Matrix weights, Matrix bias, Activation activation) {
        if (bias.rows() != 1 || bias.cols() != weights.cols()) {
            throw new IllegalArgumentException("dense: bias must be 1×" + weights.cols() + ", got " + bias.shape());
        }
        if (weights.precision() != bias.precision()) {
            throw new IllegalArgumentException("dense: weights and bias differ in precision");
        }
        if (weights.rows() < 1 || weights.cols() < 1) {
            throw new IllegalArgumentException("dense: needs at least one input and one unit, got " + weights.shape());
        }
        this.inputs = weights.rows();
        this.units = weights.cols();
        this.activation = activation;
        this.weight = Parameter.of("weight", weights, true);
        this.bias = Parameter.of("bias", bias, false);
        this.kernels = Kernels.get();
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return units;
    }

    @Override
    public String type() {
        return "dense";
    }

    public Activation activation() {
        return activation;
    }

    /** W, [inputs][units]. */
    public Matrix weights() {
        return weight.value();
    }

    /** b, 1 × units. */
    public Matrix bias() {
        return bias.value();
    }

    public Parameter weightParameter() {
        return weight;
    }

    public Parameter biasParameter() {
        return bias;
    }

    /** The last forward pass's input X (not a copy). */
    public Matrix lastInput() {
        return input;
    }

    /** The last forward pass's pre-activations Z. */
    public Matrix lastZ() {
        return z;
    }

    /** The last forward pass's activations A = g(Z). */
    public Matrix lastOutput() {
        return a;
    }

    /** The last backward pass's δ = ∂E/∂Z. */
    public Matrix lastDelta() {
        return gradZ;
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        Layer.checkInput(this, x);
        int rows = x.rows();
        input = x;
        z = Workspace.ensure(z, rows, units, x.precision());
        a = Workspace.ensure(a, rows, units, x.precision());
        kernels.matmul(x, weight.value(), z, false);
        kernels.addRowVector(z, bias.value());
        kernels.activationForward(activation, z, a);
        return a;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        return backward(gradOutput, true);
    }

    /** Backward from ∂E/∂A; computes ∂E/∂X only if {@code needInputGradient} (returns null otherwise). */
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        gradZ = Workspace.ensure(gradZ, gradOutput.rows(), units, gradOutput.precision());
        kernels.activationBackward(activation, z, a, gradOutput, gradZ);
        return backwardFromDelta(gradZ, needInputGradient);
    }

    /**
     * Backward from δ = ∂E/∂Z directly: used when the loss is fused with this layer's activation
     * (softmax + cross-entropy, sigmoid + binary cross-entropy), which gives δ = (A − Y)/N.
     */
    public Matrix backwardFromDelta(Matrix delta, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException("dense: backward called before forward");
        }
        gradZ = delta;
        kernels.matmulTransposeA(input, delta, weight.grad(), false);
        kernels.sumRows(delta, bias.grad(), false);
        if (!needInputGradient) {
            return null;
        }
        gradInput = Workspace.ensure(gradInput, delta.rows(), inputs, delta.precision());
        kernels.matmulTransposeB(delta, weight.value(), gradInput, false);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public Dense copy() {
        return new Dense(weight.value().copy(), bias.value().copy(), activation);
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + "→" + units + ", " + activation.name() + ")";
    }
}
