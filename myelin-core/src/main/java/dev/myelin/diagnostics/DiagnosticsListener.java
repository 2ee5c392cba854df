package dev.myelin.diagnostics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.nn.Sequential;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training diagnostics, per dense layer and epoch (see {@link LayerDiagnostics}): the weight
 * gradient norm, the update-to-weight ratio, the mean and spread of the activations, the fraction of
 * saturated sigmoid/tanh outputs and of dead ReLUs — the signs of vanishing gradients, of a bad
 * learning rate and of dying units that the notes warn about.
 *
 * <p>It reads, after each sampled batch's update, each layer's weight gradient, its weights (compared
 * with a copy taken just before the update) and its last activations. Every {@code sampleEvery}-th
 * batch of each epoch is sampled (1 = all), which bounds the cost of copying weights on large
 * networks. Results accumulate in {@link #records()}; {@link #epoch(int)} gives one epoch's.
 */
public final class DiagnosticsListener implements TrainingListener {
    private final int sampleEvery;
    private final List<LayerDiagnostics> records = new ArrayList<>();
    private List<Integer> denseIndex;
    private Accumulator[] acc;
    private Matrix[] before;

    /** Samples every batch. */
    public DiagnosticsListener() {
        this(1);
    }

    /** Samples batches 0, k, 2k, ... of each epoch. */
    public DiagnosticsListener(int sampleEvery) {
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("diagnostics must sample every k-th batch with k ≥ 1, got " + sampleEvery);
        }
        this.sampleEvery = sampleEvery;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        denseIndex = new ArrayList<>();
        List<Layer> layers = state.network().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).activation() != null && !weights(layers.get(i)).isEmpty()) {
                denseIndex.add(i);
            }
        }
        before = new Matrix[denseIndex.size()];
    }

    @Override
    public void onEpochBegin(TrainingState state, int epoch) {
        if (denseIndex == null) {
            onTrainBegin(state);
        }
        acc = new Accumulator[denseIndex.size()];
        for (int k = 0; k < acc.length; k++) {
            acc[k] = new Accumulator(dense(state.network(), k));
        }
        snapshot(state.network());
    }

    @Override
    public void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {
        Sequential net = state.network();
        if (batch % sampleEvery == 0) {
            for (int k = 0; k < acc.length; k++) {
                acc[k].add(dense(net, k), before[k]);
            }
        }
        if ((batch + 1) % sampleEvery == 0) {
            snapshot(net);
        }
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        for (int k = 0; k < acc.length; k++) {
            records.add(acc[k].result(epoch, denseIndex.get(k)));
        }
    }

    private Layer dense(Sequential net, int k) {
        return net.layers().get(denseIndex.get(k));
    }

    /** A layer's weights: its regularized parameters (a dense layer's W; biases are not). */
    static List<Parameter> weights(Layer layer) {
        return layer.parameters().stream().filter(Parameter::regularized).toList();
    }

    private void snapshot(Sequential net) {
        for (int k = 0; k < before.length; k++) {
            Matrix w = weights(dense(net, k)).get(0).value();
            before[k] = before[k] == null ? w.copy() : before[k].copyFrom(w);
        }
    }

    /** Every record so far, epoch by epoch, layer by layer. */
    public List<LayerDiagnostics> records() {
        return Collections.unmodifiableList(records);
    }

    /** The records of one epoch (0-based), in layer order. */
    public List<LayerDiagnostics> epoch(int epoch) {
        return records.stream().filter(r -> r.epoch() == epoch).toList();
    }

    /** One line for an epoch's log: the layers' {@link LayerDiagnostics#brief()} forms. */
    public String epochLine(int epoch) {
        return String.join("  ", epoch(epoch).stream().map(LayerDiagnostics::brief).toList());
    }

    /** A table of every record, for reports. */
    public String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%5s %5s %-10s %12s %12s %10s %10s %9s %9s%n", "epoch",
                "layer", "activation", "grad norm", "update/w", "mean a", "std a", "saturated", "dead"));
        for (LayerDiagnostics r : records) {
            b.append(String.format(Locale.ROOT, "%5d %5d %-10s %12.4e %12.4e %10.4g %10.4g %9s %9s%n", r.epoch() + 1, r.layer(),
                    r.activation(), r.gradientNorm(), r.updateRatio(), r.activationMean(), r.activationStd(),
                    percent(r.saturatedFraction()), percent(r.deadFraction())));
        }
        return b.toString();
    }

    private static String percent(double f) {
        return Double.isNaN(f) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }

    /** The records as a JSON array of objects, for the training report. */
    public ArrayNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (LayerDiagnostics r : records) {
            ObjectNode o = a.addObject();
            o.put("epoch", r.epoch() + 1);
            o.put("layer", r.layer());
            o.put("activation", r.activation());
            o.put("gradient_norm", r.gradientNorm());
            o.put("update_ratio", r.updateRatio());
            o.put("activation_mean", r.activationMean());
            o.put("activation_std", r.activationStd());
            putFinite(o, "saturated_fraction", r.saturatedFraction());
            putFinite(o, "dead_fraction", r.deadFraction());
        }
        return a;
    }

    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** Sums for one layer over one epoch's sampled batches. */
    private static final class Accumulator {
        private final String activation;
        private final boolean[] everPositive;
        private int batches;
        private double gradNorm;
        private double ratio;
        private long count;
        private double sum;
        private double sumSq;
        private long saturated;

        Accumulator(Layer d) {
            this.activation = d.activation().name();
            this.everPositive = new boolean[d.outputs()];
        }

        void add(Layer d, Matrix before) {
            batches++;
            Parameter weight = weights(d).get(0);
            Matrix g = weight.grad();
            Matrix w = weight.value();
            double gg = 0, dd = 0, ww = 0;
            for (int i = 0; i < w.size(); i++) {
                double gi = g.get(i), wi = w.get(i), di = wi - before.get(i);
                gg += gi * gi;
                dd += di * di;
                ww += before.get(i) * before.get(i);
            }
            gradNorm += Math.sqrt(gg);
            ratio += ww > 0 ? Math.sqrt(dd / ww) : 0;
            Matrix a = d.lastOutput();
            if (a == null) {
                return;
            }
            int units = a.cols();
            for (int r = 0; r < a.rows(); r++) {
                for (int j = 0; j < units; j++) {
                    double v = a.get(r, j);
                    count++;
                    sum += v;
                    sumSq += v * v;
                    if (v > 0) {
                        everPositive[j] = true;
                    }
                    if (activation.equals("sigmoid") ? v < 0.01 || v > 0.99 : activation.equals("tanh") && Math.abs(v) > 0.99) {
                        saturated++;
                    }
                }
            }
        }

        LayerDiagnostics result(int epoch, int layer) {
            double mean = count == 0 ? Double.NaN : sum / count;
            double std = count == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSq / count - mean * mean));
            double sat = activation.equals("sigmoid") || activation.equals("tanh") ? (double) saturated / Math.max(1, count)
                    : Double.NaN;
            double dead = Double.NaN;
            if (activation.equals("relu")) {
                int d = 0;
                for (boolean p : everPositive) {
                    d += p ? 0 : 1;
                }
                dead = (double) d / everPositive.length;
            }
            return new LayerDiagnostics(epoch, layer, activation, batches == 0 ? Double.NaN : gradNorm / batches,
                    batches == 0 ? Double.NaN : ratio / batches, mean, std, sat, dead);
        }
    }
}
