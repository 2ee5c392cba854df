package dev.myelin.diagnostics;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vanishing-gradient experiment of the notes, measured: the same deep network (by default 8
 * hidden layers of 32 units, Xavier-uniform for sigmoid, He-uniform for ReLU, the library defaults)
 * on the same data, once with sigmoid and once with ReLU hidden units, and the norm ‖∂E/∂W‖ of each
 * layer's weight gradient.
 *
 * <p>Why it vanishes: by the delta rule δ⁽ˡ⁾ = g'(z⁽ˡ⁾) ⊙ (δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ), each layer multiplies the
 * backpropagated signal by g'(z) — at most ¼ for the sigmoid (σ' = σ(1 − σ)) — so after k layers it
 * is roughly 4⁻ᵏ times smaller; the ReLU's derivative is 1 where it is active, and He initialization
 * keeps the signal's scale.
 *
 * <p>The data are the {@code circle} set (2 features, 512 points, seed-fixed); the output is one
 * sigmoid unit with binary cross-entropy; training is plain SGD (η = 0.1, batch 32) in float64.
 */
public final class VanishingGradients {
    private VanishingGradients() {}

    /**
     * One run.
     *
     * @param activation the hidden activation
     * @param initialNorms ‖∂E/∂W‖ per dense layer (input side first, output last) on the whole data
     *     set, before training
     * @param trainedNorms per dense layer, the mean over the batches of the last epoch
     * @param diagnostics every epoch's per-layer diagnostics
     * @param finalLoss the training loss of the last epoch
     */
    public record Run(String activation, double[] initialNorms, double[] trainedNorms, List<LayerDiagnostics> diagnostics,
            double finalLoss) {
        /** ‖∂E/∂W‖ of the first layer over that of the last hidden layer, before training. */
        public double firstToLastHiddenRatio() {
            return initialNorms[0] / initialNorms[initialNorms.length - 2];
        }
    }

    /** Both runs of the demo. */
    public record Comparison(Run sigmoid, Run relu) {
        /** A table, layer by layer, of the gradient norms of both runs and their ratio. */
        public String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-7s %16s %16s %16s %16s%n", "layer", "sigmoid ‖∂E/∂W‖", "relu ‖∂E/∂W‖",
                    "sigmoid trained", "relu trained"));
            int n = sigmoid.initialNorms().length;
            for (int l = 0; l < n; l++) {
                b.append(String.format(Locale.ROOT, "%-7s %16.3e %16.3e %16.3e %16.3e%n",
                        (l + 1) + (l == n - 1 ? " (out)" : ""), sigmoid.initialNorms()[l], relu.initialNorms()[l],
                        sigmoid.trainedNorms()[l], relu.trainedNorms()[l]));
            }
            b.append(String.format(Locale.ROOT,
                    "first hidden layer / last hidden layer, before training: sigmoid %.3e, relu %.3g%n",
                    sigmoid.firstToLastHiddenRatio(), relu.firstToLastHiddenRatio()));
            b.append(String.format(Locale.ROOT, "training loss after the last epoch: sigmoid %.4f, relu %.4f%n",
                    sigmoid.finalLoss(), relu.finalLoss()));
            return b.toString();
        }
    }

    /** The demo: 8 hidden layers of 32, 3 epochs, seed 7. */
    public static Comparison compare() {
        return compare(8, 32, 3, 7);
    }

    /**
     * Runs {@link #run} for a sigmoid and a ReLU network of {@code hiddenLayers} hidden layers of
     * {@code width} units on the same data and seed, to compare their gradient norms layer by layer.
     */
    public static Comparison compare(int hiddenLayers, int width, int epochs, long seed) {
        return new Comparison(run(Activation.SIGMOID, hiddenLayers, width, epochs, seed),
                run(Activation.RELU, hiddenLayers, width, epochs, seed));
    }

    /** Builds the deep network with {@code activation}, measures the gradients, trains and measures again. */
    public static Run run(Activation activation, int hiddenLayers, int width, int epochs, long seed) {
        if (hiddenLayers < 1 || width < 1 || epochs < 1) {
            throw new IllegalArgumentException("the experiment needs at least one hidden layer, one unit and one epoch");
        }
        Dataset data = Synthetic.circle(512, 0.1, seed);
        NetworkBuilder b = Network.builder(data.features()).seed(seed).precision(Precision.FLOAT64);
        for (int l = 0; l < hiddenLayers; l++) {
            b.dense(width, activation);
        }
        Network net = b.dense(1, Activation.SIGMOID).build();
        Loss loss = Loss.BINARY_CROSS_ENTROPY;
        net.computeGradients(data.x(), data.y(), loss);
        double[] initial = norms(net);
        DiagnosticsListener diag = new DiagnosticsListener();
        var history = net.fit(data, Training.of(loss, new Sgd(0.1)).epochs(epochs).batchSize(32).seed(seed).listener(diag));
        List<LayerDiagnostics> last = diag.epoch(epochs - 1);
        double[] trained = last.stream().mapToDouble(LayerDiagnostics::gradientNorm).toArray();
        return new Run(activation.name(), initial, trained, diag.records(), history.last("loss").orElse(Double.NaN));
    }

    /** ‖∂E/∂W‖ of every dense layer, from the gradients the network holds. */
    static double[] norms(Network net) {
        List<Double> out = new ArrayList<>();
        for (var l : net.layers()) {
            if (l.activation() != null && !DiagnosticsListener.weights(l).isEmpty()) {
                double s = 0;
                var g = DiagnosticsListener.weights(l).get(0).grad();
                for (int i = 0; i < g.size(); i++) {
                    s += g.get(i) * g.get(i);
                }
                out.add(Math.sqrt(s));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
