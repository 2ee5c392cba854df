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
import dev.myelin.tensor.Matrix;
import dev.myelin.train.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        Matrix predictions = network.predict(data.x());
        ModelInput.checkFinite(predictions, r -> "example " + (r + 1));
        double value = Trainer.evaluate(network, data, loss).loss();
        if (!Double.isFinite(value)) {
            throw new CliException("the loss (" + loss.name() + ") on this data is " + value
                    + " although every output is finite: the targets do not fit the model's output (is it the right data?)");
        }
        if (classification) {
            return new Evaluation(data.size(), loss.name(), value, ConfusionMatrix.of(predictions, data.y()), null, classNames);
        }
        return new Evaluation(data.size(), loss.name(), value, null, RegressionMetrics.of(predictions, data.y()), classNames);
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

    /** "loss 0.0712  accuracy 98.12%" or "loss 0.0123  mse 0.0123  mae 0.0871  r2 0.9876". */
    public String line() {
        if (classification()) {
            return String.format(Locale.ROOT, "loss %.4f  accuracy %.2f%%  (%,d examples)", loss, 100 * accuracy(), samples);
        }
        return String.format(Locale.ROOT, "loss %.6g  mse %.6g  mae %.6g  r2 %.4f  (%,d examples)", loss, regression.mse(),
                regression.mae(), regression.r2(), samples);
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
