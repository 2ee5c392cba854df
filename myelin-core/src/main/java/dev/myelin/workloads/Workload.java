package dev.myelin.workloads;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.init.Initializer;
import dev.myelin.init.Rng;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Momentum;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Locale;

/**
 * The four MNIST workloads that the peer benchmarks in {@code shared/peers} measure PyTorch,
 * scikit-learn, Deeplearning4j, SMILE and Encog on, defined identically here:
 * <table>
 *   <tr><th>config</th><th>network</th><th>loss</th><th>optimizer</th><th>batch</th></tr>
 *   <tr><td>nielsen</td><td>784-30-10 sigmoid, N(0,1) weights and biases</td><td>half_sse</td><td>SGD 3.0</td><td>10</td></tr>
 *   <tr><td>small</td><td>784-128-10 relu</td><td>softmax + CE</td><td>Adam 1e-3</td><td>64</td></tr>
 *   <tr><td>medium</td><td>784-512-256-10 relu, dropout 0.2</td><td>softmax + CE</td><td>Adam 1e-3</td><td>128</td></tr>
 *   <tr><td>wide</td><td>784-1024-1024-10 relu</td><td>softmax + CE</td><td>momentum 0.9, 0.05</td><td>256</td></tr>
 * </table>
 */
public enum Workload {
    NIELSEN(10, Loss.HALF_SSE),
    SMALL(64, Loss.CATEGORICAL_CROSS_ENTROPY),
    MEDIUM(128, Loss.CATEGORICAL_CROSS_ENTROPY),
    WIDE(256, Loss.CATEGORICAL_CROSS_ENTROPY);

    private final int batch;
    private final Loss loss;

    Workload(int batch, Loss loss) {
        this.batch = batch;
        this.loss = loss;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int batch() {
        return batch;
    }

    public Loss loss() {
        return loss;
    }

    public static Workload parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown benchmark config '" + name + "': expected nielsen, small, medium or wide");
        }
    }

    public Optimizer optimizer() {
        return switch (this) {
            case NIELSEN -> new Sgd(3.0);
            case SMALL, MEDIUM -> new Adam(1e-3);
            case WIDE -> new Momentum(0.05, 0.9);
        };
    }

    /** The network, seeded, in float32. */
    public Network network(long seed) {
        NetworkBuilder b = Network.builder(784).seed(seed).precision(Precision.FLOAT32);
        switch (this) {
            case NIELSEN -> b.dense(30, Activation.SIGMOID, Initializer.normal(1)).dense(10, Activation.SIGMOID, Initializer.normal(1));
            case SMALL -> b.dense(128, Activation.RELU).dense(10, Activation.SOFTMAX);
            case MEDIUM -> b.dense(512, Activation.RELU).dropout(0.2).dense(256, Activation.RELU).dropout(0.2)
                    .dense(10, Activation.SOFTMAX);
            case WIDE -> b.dense(1024, Activation.RELU).dense(1024, Activation.RELU).dense(10, Activation.SOFTMAX);
        }
        Network net = b.build();
        if (this == NIELSEN) { // network.py draws biases from N(0, 1) too
            Rng rng = new Rng(Rng.derive(seed, 1000));
            for (Layer l : net.layers()) {
                for (Parameter p : l.parameters()) {
                    if (!p.regularized()) { // the biases
                        Initializer.normal(1).fill(p.value(), rng);
                    }
                }
            }
        }
        return net;
    }

    /**
     * Floating-point operations per training example: per layer with weights (a dense layer's n_in × n_out),
     * 2·n_in·n_out for the forward product, as much for the weight gradient, and as much for the input
     * gradient except in the first layer, which needs none.
     */
    public static double flopsPerExample(Network net) {
        double flops = 0;
        List<Layer> layers = net.layers();
        boolean first = true;
        for (Layer l : layers) {
            long weights = l.parameters().stream().filter(Parameter::regularized).mapToLong(Parameter::size).sum();
            if (weights > 0) {
                double mac = 2.0 * weights;
                flops += mac * (first ? 2 : 3);
                first = false;
            }
        }
        return flops;
    }
}
