package dev.myelin.nn;

import dev.myelin.activations.Activation;
import dev.myelin.init.Rng;
import dev.myelin.layers.Buffer;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.layers.Shape;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine of a feed-forward network: a list of layers applied in order (notes 002: "each layer of
 * a neural network is connected to the next layer"), with the forward pass, the backward pass that
 * fills every parameter's gradient, the loss and prediction. It owns its layers and their parameters.
 *
 * <p>Users build and hold a {@link dev.myelin.Network}, which is a {@code Sequential} that can also
 * save, load and train itself. The packages below it (the file formats in {@code io}, the optimizers,
 * the training loop) take a {@code Sequential}, so they never depend on those conveniences and the
 * package graph stays free of cycles; a {@code Network} is passed wherever a {@code Sequential} is asked.
 *
 * <p>Shapes: inputs are batch rows × {@link #inputs()} features, outputs rows × {@link #outputs()}.
 * A network keeps workspaces between calls and is not safe for concurrent use: give each thread a
 * {@link #copy()}.
 */
public class Sequential {
    private static final int PREDICT_CHUNK = 1024;

    private final int inputs;
    private final List<Layer> layers;
    private final Precision precision;
    private final long seed;
    private final List<Parameter> parameters;
    private Matrix gradOut;

    /**
     * A network of ready layers: layer i must accept the output shape of layer i − 1 (layer 0 the
     * input shape [inputs]). The list is copied; the layers themselves are owned from now on.
     *
     * @throws IllegalArgumentException if there is no layer or two neighbours' shapes differ (naming
     *     the layer, the expected and the received shape)
     */
    public Sequential(int inputs, List<Layer> layers, Precision precision, long seed) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        Shape shape = Shape.of(inputs);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (!l.inputShape().equals(shape)) {
                throw new IllegalArgumentException("layer " + i + " (" + l.type() + ") expects inputs of shape "
                        + l.inputShape() + " but the layer before gives " + shape);
            }
            shape = l.outputShape();
        }
        this.inputs = inputs;
        this.layers = List.copyOf(layers);
        this.precision = precision;
        this.seed = seed;
        List<Parameter> params = new ArrayList<>();
        for (Layer l : this.layers) {
            params.addAll(l.parameters());
        }
        this.parameters = List.copyOf(params);
    }

    /** Input values per example. */
    public int inputs() {
        return inputs;
    }

    /** Output values per example: those of the last layer. */
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    /** The precision of every parameter and computation (float32 by default). */
    public Precision precision() {
        return precision;
    }

    /** The seed the initial weights were drawn with. */
    public long seed() {
        return seed;
    }

    /**
     * The last layer that has an {@link Layer#activation() activation}: its activation is the
     * network's output activation (the layers after it, such as dropout, pass values through).
     */
    public Layer outputLayer() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).activation() != null) {
                return layers.get(i);
            }
        }
        throw new IllegalStateException("the network has no layer with an activation");
    }

    /** The output activation: that of {@link #outputLayer()}, or the identity if no layer has one. */
    public Activation outputActivation() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).activation() != null) {
                return layers.get(i).activation();
            }
        }
        return Activation.IDENTITY;
    }

    /**
     * True if the last layer's activation fuses with {@code loss} (softmax + cross-entropy, sigmoid +
     * binary cross-entropy): the loss is then taken from the logits z and δ = (a − y)/N.
     */
    public boolean fusesWith(Loss loss) {
        Activation g = layers.get(layers.size() - 1).activation();
        return g != null && loss.fusesWith(g);
    }

    /** Every trainable parameter, in layer order (an unmodifiable list, built once). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Buffers (saved, untrained tensors) by model-file name {@code layers.{i}.{name}}, in layer order. */
    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Buffer b : layers.get(i).buffers()) {
                out.put("layers." + i + "." + b.name(), b);
            }
        }
        return out;
    }

    /** Parameters by model-file name: {@code layers.{i}.weight}, {@code layers.{i}.bias}. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                out.put("layers." + i + "." + p.name(), p);
            }
        }
        return out;
    }

    /** The number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Runs every layer on a batch (rows × inputs); returns the output workspace of the last layer. */
    public Matrix forward(Matrix x, boolean training) {
        if (x.precision() != precision) {
            x = x.copy(precision);
        }
        Matrix h = x;
        for (int i = 0; i < layers.size(); i++) { // by index: no iterator of a list class that varies by network
            h = layers.get(i).forward(h, training);
        }
        return h;
    }

    /**
     * One forward and backward pass on a batch in training mode: fills every parameter's gradient
     * with ∂E/∂θ averaged over the batch, and returns the loss E (without regularization penalties).
     * With a fused output (softmax + cross-entropy, sigmoid + binary cross-entropy) the loss is taken
     * from the logits and δ = (a − y)/N.
     */
    public double computeGradients(Matrix x, Matrix y, Loss loss) {
        return computeGradients(x, y, loss, true, false);
    }

    /**
     * The general form: {@code training} selects dropout; {@code inputGradient} also computes ∂E/∂x
     * (returned by {@link #lastInputGradient()}), which activation maximization needs.
     */
    public double computeGradients(Matrix x, Matrix y, Loss loss, boolean training, boolean inputGradient) {
        Matrix out = forward(x, training);
        if (y.rows() != out.rows() || y.cols() != out.cols()) {
            throw new IllegalArgumentException("the targets are " + y.shape() + " but the network gives "
                    + out.shape() + " (" + outputs() + " outputs per example)");
        }
        if (y.precision() != precision) {
            y = y.copy(precision);
        }
        Layer last = layers.get(layers.size() - 1);
        double value;
        int start;
        Matrix grad;
        gradOut = ensure(gradOut, out.rows(), out.cols());
        if (fusesWith(loss)) {
            value = loss.fusedValue(last.lastPreActivation(), y);
            loss.fusedGradient(out, y, gradOut);
            grad = last.backwardFromPreActivation(gradOut, layers.size() > 1 || inputGradient);
            start = layers.size() - 2;
        } else {
            value = loss.value(out, y);
            loss.gradient(out, y, gradOut);
            grad = gradOut;
            start = layers.size() - 1;
        }
        for (int i = start; i >= 0; i--) {
            boolean needInput = i > 0 || inputGradient;
            Layer l = layers.get(i);
            grad = l.backward(grad, needInput);
        }
        lastInputGradient = inputGradient ? grad : null;
        return value;
    }

    private Matrix lastInputGradient;

    /** ∂E/∂x of the last {@code computeGradients(..., inputGradient = true)}. */
    public Matrix lastInputGradient() {
        return lastInputGradient;
    }

    private Matrix ensure(Matrix m, int rows, int cols) {
        if (m == null || m.capacityRows() < rows || m.cols() != cols) {
            return Matrix.zeros(rows, cols, precision);
        }
        return m.setRows(rows);
    }

    /** The loss on a batch in inference mode (no dropout), with the same fused forms as training. */
    public double loss(Matrix x, Matrix y, Loss loss) {
        Matrix out = forward(x, false);
        if (y.precision() != precision) {
            y = y.copy(precision);
        }
        if (fusesWith(loss)) {
            return loss.fusedValue(layers.get(layers.size() - 1).lastPreActivation(), y);
        }
        return loss.value(out, y);
    }

    /** The output for one example. */
    public double[] predict(double[] x) {
        return predict(new double[][] {x})[0];
    }

    /** Outputs for a batch of examples. */
    public double[][] predict(double[][] x) {
        return predict(Matrix.of(x, precision)).toArray();
    }

    /** Outputs for every row of {@code x} (a new matrix), in inference mode, in chunks of 1,024 rows. */
    public Matrix predict(Matrix x) {
        if (x.cols() != inputs) {
            throw new IllegalArgumentException("the network expects " + inputs + " input values per example, got " + x.cols());
        }
        Matrix result = Matrix.zeros(x.rows(), outputs(), precision);
        Matrix chunk = Matrix.zeros(Math.min(PREDICT_CHUNK, Math.max(1, x.rows())), inputs, precision);
        for (int start = 0; start < x.rows(); start += PREDICT_CHUNK) {
            int n = Math.min(PREDICT_CHUNK, x.rows() - start);
            chunk.setRows(n);
            for (int r = 0; r < n; r++) {
                chunk.copyRow(x, start + r, r);
            }
            Matrix out = forward(chunk, false);
            for (int r = 0; r < n; r++) {
                result.copyRow(out, r, start + r);
            }
        }
        return result;
    }

    /** A deep copy: same configuration and parameter values, fresh workspaces. */
    public Sequential copy() {
        return new Sequential(inputs, copyLayers(), precision, seed);
    }

    /** Deep copies of the layers, in order (for {@link #copy()} and its overrides in subclasses). */
    protected final List<Layer> copyLayers() {
        List<Layer> copies = new ArrayList<>();
        for (Layer l : layers) {
            copies.add(l.copy());
        }
        return copies;
    }

    /** Copies parameter and buffer values from a network of the same architecture. */
    public void copyParametersFrom(Sequential other) {
        List<Parameter> mine = parameters();
        List<Parameter> theirs = other.parameters();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("the networks differ in architecture");
        }
        for (int i = 0; i < mine.size(); i++) {
            Matrix dst = mine.get(i).value();
            Matrix src = theirs.get(i).value();
            if (dst.rows() != src.rows() || dst.cols() != src.cols()) {
                throw new IllegalArgumentException("parameter " + i + " is " + src.shape() + ", expected " + dst.shape());
            }
            dst.copyFrom(src);
        }
        List<Buffer> myBuffers = namedBuffers().values().stream().toList();
        List<Buffer> theirBuffers = other.namedBuffers().values().stream().toList();
        if (myBuffers.size() != theirBuffers.size()) {
            throw new IllegalArgumentException("the networks differ in architecture");
        }
        for (int i = 0; i < myBuffers.size(); i++) {
            myBuffers.get(i).value().copyFrom(theirBuffers.get(i).value());
        }
    }

    /** The random states of the layers that have a {@link Layer#rng()} (dropout), in layer order (for checkpoints). */
    public long[] rngStates() {
        return layers.stream().map(Layer::rng).filter(r -> r != null).mapToLong(Rng::state).toArray();
    }

    /** Restores what {@link #rngStates()} returned, one state per layer with a random generator. */
    public void setRngStates(long[] states) {
        long count = layers.stream().map(Layer::rng).filter(r -> r != null).count();
        if (states.length != count) {
            throw new IllegalArgumentException("expected " + count + " random states (one per layer that draws), got "
                    + states.length);
        }
        int k = 0;
        for (Layer l : layers) {
            if (l.rng() != null) {
                l.rng().setState(states[k++]);
            }
        }
    }

    /** A Keras-style table of layers, output shapes and parameter counts. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-4s %-22s %-14s %12s%n", "#", "layer", "output shape", "parameters"));
        sb.append("-".repeat(56)).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long p = l.parameters().stream().mapToLong(Parameter::size).sum();
            String shape = l.outputShape().toString().replace("[", "(batch, ").replace("]", ")");
            sb.append(String.format("%-4d %-22s %-14s %,12d%n", i, l.describe(), shape, p));
        }
        sb.append("-".repeat(56)).append('\n');
        sb.append(String.format("inputs: %d   parameters: %,d   precision: %s%n", inputs, parameterCount(), precision.label()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + layers;
    }
}
