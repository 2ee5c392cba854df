package dev.myelin;

import dev.myelin.activations.Activation;
import dev.myelin.init.Initializer;
import dev.myelin.init.Rng;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
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
 */
public final class NetworkBuilder {
    private final int inputs;
    private final List<Spec> specs = new ArrayList<>();
    private long seed = 42;
    private Precision precision = Precision.FLOAT32;
    private Initializer initializer;

    private sealed interface Spec permits DenseSpec, DropoutSpec {}

    private record DenseSpec(int units, Activation activation, Initializer init, double[][] weights, double[] bias)
            implements Spec {}

    private record DropoutSpec(double rate) implements Spec {}

    NetworkBuilder(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
        }
        this.inputs = inputs;
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
        specs.add(new DenseSpec(units, activation, init, null, null));
        return this;
    }

    /** A dense layer with explicit weights [inputs][units] and bias [units], as in the notes' examples. */
    public NetworkBuilder dense(double[][] weights, double[] bias, Activation activation) {
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("layer " + specs.size() + ": weights must not be empty");
        }
        specs.add(new DenseSpec(weights[0].length, activation, null, weights, bias));
        return this;
    }

    /** Inverted dropout with drop probability {@code rate}, active only in training. */
    public NetworkBuilder dropout(double rate) {
        specs.add(new DropoutSpec(rate));
        return this;
    }

    /** The seed of the initial weights and dropout masks (default 42). */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public NetworkBuilder precision(Precision precision) {
        this.precision = precision;
        return this;
    }

    /** The initializer for dense layers that name none. */
    public NetworkBuilder initializer(Initializer initializer) {
        this.initializer = initializer;
        return this;
    }

    public Network build() {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < specs.size(); i++) {
            long layerSeed = Rng.derive(seed, i);
            switch (specs.get(i)) {
                case DenseSpec d -> {
                    layers.add(denseLayer(i, width, d, layerSeed));
                    width = d.units();
                }
                case DropoutSpec d -> layers.add(new Dropout(width, d.rate(), layerSeed));
            }
        }
        return new Network(inputs, layers, precision, seed);
    }

    private Dense denseLayer(int index, int fanIn, DenseSpec d, long layerSeed) {
        Matrix w = Matrix.zeros(fanIn, d.units(), precision);
        Matrix b = Matrix.zeros(1, d.units(), precision);
        if (d.weights() != null) {
            if (d.weights().length != fanIn) {
                throw new IllegalArgumentException("layer " + index + ": weights have " + d.weights().length
                        + " rows, expected one per input (" + fanIn + ")");
            }
            w.copyFrom(Matrix.of(d.weights(), Precision.FLOAT64));
            if (d.bias() != null) {
                if (d.bias().length != d.units()) {
                    throw new IllegalArgumentException("layer " + index + ": bias has " + d.bias().length
                            + " values, expected one per unit (" + d.units() + ")");
                }
                b.copyFrom(Matrix.row(d.bias(), Precision.FLOAT64));
            }
        } else {
            Initializer init = d.init() != null ? d.init() : initializer != null ? initializer : defaultFor(d.activation());
            init.fill(w, new Rng(layerSeed));
        }
        return new Dense(w, b, d.activation());
    }

    /** He-uniform for the ReLU family, Xavier-uniform otherwise. */
    public static Initializer defaultFor(Activation activation) {
        return switch (activation.name()) {
            case "relu", "leaky_relu", "elu", "gelu" -> Initializer.HE_UNIFORM;
            default -> Initializer.XAVIER_UNIFORM;
        };
    }
}
