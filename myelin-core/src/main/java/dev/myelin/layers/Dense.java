package dev.myelin.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.activations.Activation;
import dev.myelin.activations.Elu;
import dev.myelin.activations.LeakyRelu;
import dev.myelin.init.Initializer;
import dev.myelin.init.Rng;
import dev.myelin.kernel.Kernels;
import dev.myelin.tensor.Matrix;
import java.util.List;
import java.util.Set;

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
 *
 * <p><b>Without bias</b> (the notes' two-weight example, PyTorch's {@code Linear(bias=False)}): z = X·W,
 * and the layer has the one parameter {@code weight}; the backward pass is the same without ∂E/∂b.
 *
 * <p><b>Shapes</b>: input [inputs], output [units]; parameters {@code weight} [inputs, units] and
 * {@code bias} [units] (absent without bias). <b>JSON</b>: {@code {"type": "dense", "units": 3, "activation": "sigmoid",
 * "weights": [[...], ...], "bias": [...]}}, with an optional {@code "alpha"} for leaky_relu and elu,
 * an optional {@code "init"} when the weights are left out, and {@code "bias": false} for a layer
 * without bias.
 */
public final class Dense implements Layer {
    /** The JSON type name. */
    public static final String TYPE = "dense";
    private static final Set<String> KEYS = Set.of("type", "units", "activation", "alpha", "weights", "bias", "init");

    private final int inputs;
    private final int units;
    private final Activation activation;
    private final Parameter weight;
    /** b, or null for a layer without bias. */
    private final Parameter bias;
    private final Kernels kernels;

    private Matrix input;
    private Matrix z;
    private Matrix a;
    private Matrix gradZ;
    private Matrix gradA;
    private Matrix gradInput;

    /**
     * @param weights [inputs][units], taken as is (not copied)
     * @param bias 1 × units, taken as is; null for a layer without bias (z = X·W)
     */
    public Dense(Matrix weights, Matrix bias, Activation activation) {
        if (bias != null && (bias.rows() != 1 || bias.cols() != weights.cols())) {
            throw new IllegalArgumentException("dense: bias must be 1×" + weights.cols() + ", got " + bias.shape());
        }
        if (bias != null && weights.precision() != bias.precision()) {
            throw new IllegalArgumentException("dense: weights and bias differ in precision");
        }
        if (weights.rows() < 1 || weights.cols() < 1) {
            throw new IllegalArgumentException("dense: needs at least one input and one unit, got " + weights.shape());
        }
        this.inputs = weights.rows();
        this.units = weights.cols();
        this.activation = activation;
        this.weight = Parameter.of("weight", weights, true);
        this.bias = bias == null ? null : Parameter.of("bias", bias, false, Shape.of(weights.cols()));
        this.kernels = Kernels.get();
    }

    /**
     * Reads the JSON configuration (see the class comment): weights and bias from the file when
     * given, otherwise initialized from the layer's seed (biases start at 0); {@code "bias": false}
     * makes a layer without bias.
     */
    public static Dense read(LayerConfig c) {
        c.checkKeys(KEYS);
        int units = c.requireInt("units", 1, 100_000_000);
        int fanIn = c.inputShape().size();
        boolean hasBias = !c.has("bias") || !c.node().get("bias").isBoolean() || c.node().get("bias").booleanValue();
        if (c.has("bias") && !c.node().get("bias").isBoolean() && !c.node().get("bias").isArray()) {
            throw c.error("bias", "expected an array of " + units + " values, or false for a layer without bias, found "
                    + LayerConfig.kind(c.node().get("bias")));
        }
        c.reserveParameters((long) fanIn * units + (hasBias ? units : 0));
        String actName = c.requireText("activation");
        Activation activation;
        try {
            activation = Activation.byName(actName);
        } catch (IllegalArgumentException e) {
            throw c.error("activation", e.getMessage());
        }
        if (c.has("alpha")) {
            double alpha = c.requireNumber("alpha");
            try {
                activation = switch (activation.name()) {
                    case "leaky_relu" -> Activation.leakyRelu(alpha);
                    case "elu" -> Activation.elu(alpha);
                    default -> throw new IllegalArgumentException(
                            "only leaky_relu and elu take an alpha, not " + activation.name());
                };
            } catch (IllegalArgumentException e) {
                throw c.error("alpha", e.getMessage());
            }
        }
        Matrix w = Matrix.zeros(fanIn, units, c.precision());
        Matrix b = hasBias ? Matrix.zeros(1, units, c.precision()) : null;
        if (c.has("weights")) {
            if (c.has("init")) {
                throw c.error("init", "give either weights or an initializer, not both");
            }
            c.readMatrix("weights", fanIn, units, w);
        } else {
            Initializer init = Initializer.defaultFor(activation);
            if (c.has("init")) {
                String name = c.requireText("init");
                try {
                    init = Initializer.byName(name);
                } catch (IllegalArgumentException e) {
                    throw c.error("init", e.getMessage());
                }
            }
            init.fill(w, new Rng(c.seed()));
        }
        if (hasBias && c.has("bias") && !c.node().get("bias").isBoolean()) {
            c.readVector("bias", units, b);
        }
        return new Dense(w, b, activation);
    }

    /**
     * A dense layer of {@code units} units for a builder, initialized by {@code init} (or the builder's
     * initializer, or {@link Initializer#defaultFor} the activation); biases start at 0.
     */
    public static LayerSpec spec(int units, Activation activation, Initializer init) {
        return spec(units, activation, init, true);
    }

    /** As {@link #spec(int, Activation, Initializer)}, without bias if {@code bias} is false (z = X·W). */
    public static LayerSpec spec(int units, Activation activation, Initializer init, boolean bias) {
        if (units < 1) {
            throw new IllegalArgumentException("a dense layer needs at least one unit, got " + units);
        }
        return c -> {
            Matrix w = Matrix.zeros(c.inputShape().size(), units, c.precision());
            Matrix b = bias ? Matrix.zeros(1, units, c.precision()) : null;
            Initializer chosen = init != null ? init : c.initializer() != null ? c.initializer() : Initializer.defaultFor(activation);
            chosen.fill(w, new Rng(c.seed()));
            return new Dense(w, b, activation);
        };
    }

    /** A dense layer with explicit weights [inputs][units] and bias [units] (or zeros if null), for a builder. */
    public static LayerSpec spec(double[][] weights, double[] bias, Activation activation) {
        return spec(weights, bias, activation, true);
    }

    /**
     * A dense layer with explicit weights [inputs][units], for a builder: with bias [units] (zeros if
     * null) if {@code hasBias}, else without bias (then {@code bias} must be null).
     */
    public static LayerSpec spec(double[][] weights, double[] bias, Activation activation, boolean hasBias) {
        if (!hasBias && bias != null) {
            throw new IllegalArgumentException("a dense layer without bias takes no bias values");
        }
        double[][] wCopy = weights.clone();
        double[] bCopy = bias == null ? null : bias.clone();
        return c -> {
            int fanIn = c.inputShape().size();
            int units = wCopy[0].length;
            if (wCopy.length != fanIn) {
                throw new IllegalArgumentException("layer " + c.index() + ": weights have " + wCopy.length
                        + " rows, expected one per input (" + fanIn + ")");
            }
            Matrix w = Matrix.zeros(fanIn, units, c.precision());
            Matrix b = hasBias ? Matrix.zeros(1, units, c.precision()) : null;
            w.copyFrom(Matrix.of(wCopy, dev.myelin.tensor.Precision.FLOAT64));
            if (bCopy != null) {
                if (bCopy.length != units) {
                    throw new IllegalArgumentException("layer " + c.index() + ": bias has " + bCopy.length
                            + " values, expected one per unit (" + units + ")");
                }
                b.copyFrom(Matrix.row(bCopy, dev.myelin.tensor.Precision.FLOAT64));
            }
            return new Dense(w, b, activation);
        };
    }

    @Override
    public void writeConfig(ObjectNode out, boolean includeWeights) {
        out.put("units", units);
        out.put("activation", activation.name());
        if (activation instanceof LeakyRelu lr && lr.alpha() != LeakyRelu.DEFAULT_ALPHA) {
            out.put("alpha", lr.alpha());
        } else if (activation instanceof Elu e && e.alpha() != Elu.DEFAULT_ALPHA) {
            out.put("alpha", e.alpha());
        }
        if (bias == null) {
            out.put("bias", false);
        }
        if (includeWeights) {
            LayerConfig.writeMatrix(out, "weights", weight.value());
            if (bias != null) {
                LayerConfig.writeVector(out, "bias", bias.value());
            }
        }
    }

    @Override
    public Shape inputShape() {
        return Shape.of(inputs);
    }

    @Override
    public Shape outputShape() {
        return Shape.of(units);
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
        return TYPE;
    }

    /** {@code dense (relu)}. */
    @Override
    public String describe() {
        return "dense (" + activation.name() + ")";
    }

    /** g, applied element-wise (or row-wise for softmax) to z. */
    @Override
    public Activation activation() {
        return activation;
    }

    /** W, [inputs][units]. */
    public Matrix weights() {
        return weight.value();
    }

    /** b, 1 × units; null for a layer without bias. */
    public Matrix bias() {
        return bias == null ? null : bias.value();
    }

    /** Whether the layer adds a bias (z = X·W + b) or not (z = X·W). */
    public boolean hasBias() {
        return bias != null;
    }

    /** The weight parameter W with its gradient. */
    public Parameter weightParameter() {
        return weight;
    }

    /** The bias parameter b with its gradient; null for a layer without bias. */
    public Parameter biasParameter() {
        return bias;
    }

    /** The last forward pass's input X (not a copy). */
    @Override
    public Matrix lastInput() {
        return input;
    }

    /** The last forward pass's pre-activations Z (same as {@link #lastPreActivation()}). */
    public Matrix lastZ() {
        return z;
    }

    @Override
    public Matrix lastPreActivation() {
        return z;
    }

    /** The last forward pass's activations A = g(Z). */
    @Override
    public Matrix lastOutput() {
        return a;
    }

    /** ∂E/∂A of the last backward pass; null after a fused one. */
    @Override
    public Matrix lastGradOutput() {
        return gradA;
    }

    /** The last backward pass's δ = ∂E/∂Z. */
    @Override
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
        if (bias != null) {
            kernels.denseForward(x, weight.value(), bias.value(), activation, z, a);
        } else {
            // without bias: z = X·W, then g (the fused kernel's epilogue adds a bias)
            kernels.matmul(x, weight.value(), z, false);
            kernels.activationForward(activation, z, a);
        }
        return a;
    }

    /** Backward from ∂E/∂A; computes ∂E/∂X only if {@code needInputGradient} (returns null otherwise). */
    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException("dense: backward called before forward");
        }
        gradZ = Workspace.ensure(gradZ, gradOutput.rows(), units, gradOutput.precision());
        kernels.activationBackward(activation, z, a, gradOutput, gradZ);
        Matrix result = backwardFromPreActivation(gradZ, needInputGradient);
        gradA = gradOutput;
        return result;
    }

    /**
     * Backward from δ = ∂E/∂Z directly: used when the loss is fused with this layer's activation
     * (softmax + cross-entropy, sigmoid + binary cross-entropy), which gives δ = (A − Y)/N.
     */
    @Override
    public Matrix backwardFromPreActivation(Matrix delta, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException("dense: backward called before forward");
        }
        gradZ = delta;
        gradA = null;
        kernels.matmulTransposeA(input, delta, weight.grad(), false);
        if (bias != null) {
            kernels.sumRows(delta, bias.grad(), false);
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = Workspace.ensure(gradInput, delta.rows(), inputs, delta.precision());
        kernels.matmulTransposeB(delta, weight.value(), gradInput, false);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public Dense copy() {
        return new Dense(weight.value().copy(), bias == null ? null : bias.value().copy(), activation);
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + "→" + units + ", " + activation.name() + (bias == null ? ", no bias" : "") + ")";
    }
}
