package dev.myelin.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.activations.Activation;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * The layer contract: everything the network, the file formats, the gradient check, the diagnostics,
 * {@code explain}, the command line and the playground need to know about a layer, so that none of
 * them knows the layer types. A new layer type is its own file, one {@link LayerRegistry#register}
 * line and one entry in the shared layer-contract test.
 *
 * <p><b>Shapes.</b> A layer maps examples of {@link #inputShape()} to examples of
 * {@link #outputShape()}. {@code forward} takes a batch of rows × {@link #inputs()} (each row one
 * example, flattened row-major) and returns rows × {@link #outputs()}; {@code backward} takes ∂E/∂output
 * of that shape, stores ∂E/∂θ in each {@link Parameter#grad()} (averaged over the batch, because the
 * loss's gradient is) and returns ∂E/∂input. Returned matrices are the layer's own workspaces, valid
 * until its next call; they are sized once for the largest batch and reused.
 *
 * <p><b>State.</b> {@link #parameters()} are trained; {@link #buffers()} are kept and saved but not
 * trained; {@link #rng()} is the random state checkpoints save. All three are listed in a fixed order.
 *
 * <p><b>Recording.</b> After a forward and backward pass, {@link #lastInput()}, {@link #lastOutput()}
 * and, for a layer that ends in an activation a = g(z), {@link #lastPreActivation()},
 * {@link #lastGradOutput()} (∂E/∂a) and {@link #lastDelta()} (δ = ∂E/∂z) give the numbers of that
 * pass: run in float64, they are what {@code explain} shows.
 */
public interface Layer {

    /** The type name of the JSON network format, as registered in the {@link LayerRegistry}. */
    String type();

    /** The shape of one input example. */
    Shape inputShape();

    /** The shape of one output example. */
    Shape outputShape();

    /** Values per input example: {@code inputShape().size()}. */
    default int inputs() {
        return inputShape().size();
    }

    /** Values per output example: {@code outputShape().size()}. */
    default int outputs() {
        return outputShape().size();
    }

    /** Runs the layer on a batch (rows × inputs); {@code training} selects training behaviour (dropout). */
    Matrix forward(Matrix input, boolean training);

    /**
     * Backward from ∂E/∂output (rows × outputs) of the last forward pass: fills the parameters'
     * gradients and returns ∂E/∂input, or null if {@code needInputGradient} is false and the layer
     * can skip it.
     */
    Matrix backward(Matrix gradOutput, boolean needInputGradient);

    /** Backward with the input gradient: {@code backward(gradOutput, true)}. */
    default Matrix backward(Matrix gradOutput) {
        return backward(gradOutput, true);
    }

    /** This layer's trainable parameters, in a fixed order (weights before bias); empty if none. */
    List<Parameter> parameters();

    /** This layer's saved, untrained tensors, in a fixed order; empty if none. */
    default List<Buffer> buffers() {
        return List.of();
    }

    /** The random generator whose state checkpoints save (dropout's masks), or null if the layer draws nothing. */
    default Rng rng() {
        return null;
    }

    /** A copy with the same configuration, parameter and buffer values and random state, and fresh workspaces. */
    Layer copy();

    /**
     * Writes this layer's configuration (every key but {@code "type"}, which the writer puts first)
     * into {@code out}; with {@code includeWeights} also its parameters and buffers, so that
     * {@link LayerType#read} of the result gives this layer bit for bit.
     */
    void writeConfig(ObjectNode out, boolean includeWeights);

    /** A short description for tables and messages, e.g. {@code dense (relu)}; the type name by default. */
    default String describe() {
        return type();
    }

    // ---- the output activation and fused losses ----

    /**
     * The activation g this layer ends with (a = g(z)), or null if it has none. A network's output
     * activation is that of its last layer that has one; when the loss fuses with it (softmax +
     * cross-entropy, sigmoid + binary cross-entropy), the network asks this layer for z and gives it
     * δ = ∂E/∂z directly through {@link #backwardFromPreActivation}.
     */
    default Activation activation() {
        return null;
    }

    /**
     * Backward from δ = ∂E/∂z of the last forward pass, for layers with an {@link #activation()}:
     * used when the loss is fused with that activation, which gives δ = (A − Y)/N.
     */
    default Matrix backwardFromPreActivation(Matrix delta, boolean needInputGradient) {
        throw new UnsupportedOperationException(describe() + " has no activation to fuse a loss with");
    }

    // ---- what the last pass computed (for explain, diagnostics and divergence messages) ----

    /** The last forward pass's input (not a copy), or null before any. */
    Matrix lastInput();

    /** The last forward pass's output (not a copy), or null before any. */
    Matrix lastOutput();

    /** z of the last forward pass, for a layer with an {@link #activation()}; null otherwise. */
    default Matrix lastPreActivation() {
        return null;
    }

    /** ∂E/∂a given to the last backward pass (null after a fused one, or if the layer has no activation). */
    default Matrix lastGradOutput() {
        return null;
    }

    /** δ = ∂E/∂z of the last backward pass, for a layer with an {@link #activation()}; null otherwise. */
    default Matrix lastDelta() {
        return null;
    }

    // ---- randomness, for gradient checks and worked examples ----

    /**
     * Makes the layer deterministic for batches of {@code rows} rows, drawing any noise it needs
     * (dropout's mask) once from {@code rng}, until {@link #releaseNoise()}; the layer's own
     * {@link #rng()} is not advanced meanwhile. Layers without noise do nothing.
     */
    default void fixNoise(Rng rng, int rows) {}

    /** Returns to fresh noise on every training pass after {@link #fixNoise}. */
    default void releaseNoise() {}

    /** Throws a clear error when a batch does not have {@code layer.inputs()} columns. */
    static void checkInput(Layer layer, Matrix input) {
        if (input.cols() != layer.inputs()) {
            throw new IllegalArgumentException(layer + " expects " + layer.inputs() + " input values per example, got "
                    + input.cols() + " (batch " + input.shape() + ")");
        }
    }
}
