package dev.myelin.cli.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.io.ModelInfo;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.ConfusionMatrix;
import dev.myelin.metrics.RegressionMetrics;
import dev.myelin.data.Labels;
import dev.myelin.data.Scaler;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A model's scores on a data set (in inference mode): the loss, and for classification the accuracy
 * and confusion matrix (rows true classes, columns predicted), for regression MSE, MAE and R².
 *
 * @param samples the number of examples
 * @param lossName the loss's name
 * @param loss the mean loss
 * @param confusion the confusion matrix (classification), else null
 * @param regression MSE, MAE, R² (regression), else null
 * @param classNames the class names (classification)
 */
public record Evaluation(int samples, String lossName, double loss, ConfusionMatrix confusion, RegressionMetrics regression,
        List<String> classNames) {

    /** Scores {@code network} on {@code data} (already scaled) with {@code loss}. */
    public static Evaluation of(Network network, Dataset data, Loss loss, boolean classification, List<String> classNames) {
        return of(network, null, data, loss, classification, classNames);
    }

    /**
     * Scores {@code network} on {@code data} (features scaled, targets in their own units); with a
     * {@code targetScaler} the outputs are unscaled first, so that loss and metrics are in the targets' units.
     */
    public static Evaluation of(Network network, Scaler targetScaler, Dataset data, Loss loss, boolean classification,
            List<String> classNames) {
        Running r = new Running(network, targetScaler, loss, classification, classNames);
        r.add(data, i -> "example " + (i + 1));
        return r.result();
    }

    /**
     * Scores gathered chunk by chunk, so that {@code evaluate} reads a file of any length in constant
     * memory: the loss as a sum of chunk means × chunk rows, the confusion counts, or the running sums of
     * {@link RegressionMetrics.Accumulator}. The result is the whole data's, whatever the chunk size.
     */
    public static final class Running {
        private final Network network;
        private final Scaler targetScaler;
        private final Loss loss;
        private final List<String> classNames;
        private final ConfusionMatrix confusion;
        private final RegressionMetrics.Accumulator regression;
        private double lossSum;
        private long samples;

        /**
         * @param targetScaler the model's target scaling (regression), or null
         * @param classNames the class names (classification)
         */
        public Running(Network network, Scaler targetScaler, Loss loss, boolean classification, List<String> classNames) {
            this.network = network;
            this.targetScaler = targetScaler;
            this.loss = loss;
            this.classNames = classNames;
            int outputs = network.outputs();
            confusion = classification ? new ConfusionMatrix(outputs == 1 ? 2 : outputs) : null;
            regression = classification ? null : new RegressionMetrics.Accumulator(outputs);
        }

        /**
         * Adds a chunk (features scaled as the model's, targets in their units).
         *
         * @param rowNames names example r of this chunk in a message (e.g. "row 4,097")
         */
        public void add(Dataset chunk, IntFunction<String> rowNames) {
            if (chunk.size() == 0) {
                return;
            }
            Matrix outputs = network.predict(chunk.x());
            ModelInput.checkFinite(outputs, rowNames);
            double value;
            Matrix predictions = outputs;
            if (targetScaler == null) {
                value = Trainer.evaluate(network, chunk, loss).loss();
            } else {
                predictions = targetScaler.inverseTransform(outputs.copy(Precision.FLOAT64));
                value = loss.value(predictions, chunk.y().copy(Precision.FLOAT64));
            }
            lossSum += value * chunk.size();
            samples += chunk.size();
            if (confusion != null) {
                int[] predicted = Labels.of(predictions);
                int[] actual = Labels.of(chunk.y());
                for (int i = 0; i < actual.length; i++) {
                    confusion.add(actual[i], predicted[i]);
                }
            } else {
                regression.add(predictions, chunk.y());
            }
        }

        /** The scores of every chunk added; a loss that is not finite although the outputs are is an error. */
        public Evaluation result() {
            double value = samples == 0 ? Double.NaN : lossSum / samples;
            if (samples > 0 && !Double.isFinite(value)) {
                throw new CliException("the loss (" + loss.name() + ") on this data is " + value
                        + " although every output is finite: the targets do not fit the model's output (is it the right data?)");
            }
            if (samples > Integer.MAX_VALUE) {
                throw new CliException("more than " + Integer.MAX_VALUE + " examples: too many to count in one evaluation");
            }
            return new Evaluation((int) samples, loss.name(), value, confusion, confusion == null ? regression.result() : null,
                    classNames);
        }
    }

    /** The loss a model was trained with: from its provenance, else the one that goes with its output activation. */
    public static Loss lossOf(Network network, ModelInfo info) {
        String name = info.provenance().get("loss");
        if (name != null) {
            try {
                return Loss.byName(name);
            } catch (IllegalArgumentException e) {
                // an unknown name in provenance: fall back to the output activation's loss
            }
        }
        return lossFor(network);
    }

    /** The loss that goes with a network's output activation: softmax → cross-entropy, sigmoid → binary
     * cross-entropy, anything else → MSE. */
    public static Loss lossFor(Network network) {
        String act = network.outputLayer().activation().name();
        if (act.equals("softmax")) {
            return Loss.CATEGORICAL_CROSS_ENTROPY;
        }
        if (act.equals("sigmoid")) {
            return Loss.BINARY_CROSS_ENTROPY;
        }
        return Loss.MSE;
    }

    public boolean classification() {
        return confusion != null;
    }

    public double accuracy() {
        return confusion == null ? Double.NaN : confusion.accuracy();
    }

    /** "loss 0.07120  accuracy 98.12%" or "loss 0.01230  mse 0.01230  mae 0.08710  r2 0.9876" (losses: {@link Figures#loss}). */
    public String line() {
        if (classification()) {
            return String.format(Locale.ROOT, "loss %s  accuracy %.2f%%  (%,d examples)", Figures.loss(loss), 100 * accuracy(), samples);
        }
        return String.format(Locale.ROOT, "loss %s  mse %s  mae %s  r2 %.4f  (%,d examples)", Figures.loss(loss),
                Figures.loss(regression.mse()), Figures.loss(regression.mae()), regression.r2(), samples);
    }

    /** The metrics under a prefix, e.g. test_loss, test_accuracy (for provenance). */
    public void putMetrics(Map<String, String> into, String prefix) {
        into.put(prefix + "loss", num(loss));
        if (classification()) {
            into.put(prefix + "accuracy", num(accuracy()));
        } else {
            into.put(prefix + "mse", num(regression.mse()));
            into.put(prefix + "mae", num(regression.mae()));
            into.put(prefix + "r2", num(regression.r2()));
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** One JSON object: samples, loss, loss_name, and accuracy + confusion or mse, mae, r2. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("samples", samples);
        o.put("loss_name", lossName);
        putNumber(o, "loss", loss);
        if (classification()) {
            o.put("task", ModelInfo.CLASSIFICATION);
            putNumber(o, "accuracy", accuracy());
            ArrayNode names = o.putArray("classes");
            for (int c = 0; c < confusion.classes(); c++) {
                names.add(c < classNames.size() ? classNames.get(c) : Integer.toString(c));
            }
            ArrayNode rows = o.putArray("confusion");
            for (long[] row : confusion.counts()) {
                ArrayNode r = rows.addArray();
                for (long v : row) {
                    r.add(v);
                }
            }
        } else {
            o.put("task", ModelInfo.REGRESSION);
            putNumber(o, "mse", regression.mse());
            putNumber(o, "mae", regression.mae());
            putNumber(o, "r2", regression.r2());
        }
        return o;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
