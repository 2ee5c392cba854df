package dev.myelin;

import dev.myelin.activations.Activation;
import dev.myelin.init.Initializer;
import dev.myelin.init.Rng;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerSpec;
import dev.myelin.layers.Shape;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Network} layer by layer, Keras-style:
 * <pre>{@code
 * Network net = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(42).build();
 * }</pre>
 * Layers are created at {@link #build()}, so {@link #seed} and {@link #precision} may come last.
 * The default initializer is He-uniform for the ReLU family and Xavier-uniform otherwise; biases start at 0.
 * Any layer, a user's own included, is added with {@link #add(LayerSpec)}; {@link #dense} and
 * {@link #dropout} are shorthands for the built-in ones. Defaults: seed 42, float32.
 */
public final class NetworkBuilder {
    private final int inputs;
    private final List<LayerSpec> specs = new ArrayList<>();
    private long seed = 42;
    private Precision precision = Precision.FLOAT32;
    private Initializer initializer;

    NetworkBuilder(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
        }
        this.inputs = inputs;
    }

    /** Any layer, built at {@link #build()} from where it goes (index, input shape, precision, seed). */
    public NetworkBuilder add(LayerSpec spec) {
        specs.add(spec);
        return this;
    }

    /** A dense layer of {@code units} units with the default initializer. */
    public NetworkBuilder dense(int units, Activation activation) {
        return dense(units, activation, null);
    }

    /** A dense layer initialized by {@code init}. */
    public NetworkBuilder dense(int units, Activation activation, Initializer init) {
        if (units < 1) {
            throw new IllegalArgumentException("layer " + specs.size() + ": a dense layer needs at least one unit, got " + units);
        }
        return add(Dense.spec(units, activation, init));
    }

    /** A dense layer with explicit weights [inputs][units] and bias [units], as in the notes' examples. */
    public NetworkBuilder dense(double[][] weights, double[] bias, Activation activation) {
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("layer " + specs.size() + ": weights must not be empty");
        }
        return add(Dense.spec(weights, bias, activation));
    }

    /** A dense layer without bias (z = x·W, PyTorch's {@code bias=False}) with the default initializer. */
    public NetworkBuilder denseWithoutBias(int units, Activation activation) {
        if (units < 1) {
            throw new IllegalArgumentException("layer " + specs.size() + ": a dense layer needs at least one unit, got " + units);
        }
        return add(Dense.spec(units, activation, null, false));
    }

    /** A dense layer without bias with explicit weights [inputs][units], as in the notes' two-weight example. */
    public NetworkBuilder denseWithoutBias(double[][] weights, Activation activation) {
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("layer " + specs.size() + ": weights must not be empty");
        }
        return add(Dense.spec(weights, null, activation, false));
    }

    /** Inverted dropout with drop probability {@code rate}, active only in training. */
    public NetworkBuilder dropout(double rate) {
        return add(c -> new Dropout(c.inputShape(), rate, c.seed()));
    }

    /** The seed of the initial weights and dropout masks (default 42). */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The precision of weights and computation (default float32). */
    public NetworkBuilder precision(Precision precision) {
        this.precision = precision;
        return this;
    }

    /** The initializer for dense layers that name none. */
    public NetworkBuilder initializer(Initializer initializer) {
        this.initializer = initializer;
        return this;
    }

    /** Builds the layers in order, layer i with seed {@code Rng.derive(seed, i)}, each fed the shape of the one before. */
    public Network build() {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        List<Layer> layers = new ArrayList<>();
        Shape shape = Shape.of(inputs);
        for (int i = 0; i < specs.size(); i++) {
            Layer l = specs.get(i).build(new LayerSpec.Context(i, shape, precision, Rng.derive(seed, i), initializer));
            layers.add(l);
            shape = l.outputShape();
        }
        return new Network(inputs, layers, precision, seed);
    }

    /** He-uniform for the ReLU family, Xavier-uniform otherwise (see {@link Initializer#defaultFor}). */
    public static Initializer defaultFor(Activation activation) {
        return Initializer.defaultFor(activation);
    }
}
