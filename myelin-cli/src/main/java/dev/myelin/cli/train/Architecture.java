package dev.myelin.cli.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.UsageException;
import dev.myelin.io.ModelInfo;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the network, its output activation and the loss from the task (the usual pairings):
 * <ul>
 *   <li>k ≥ 3 classes: k softmax outputs + categorical cross-entropy;
 *   <li>2 classes: 1 sigmoid output + binary cross-entropy;
 *   <li>regression: identity outputs + mean squared error.
 * </ul>
 * {@code --loss} and {@code --output-activation} override the pairing (e.g. the notes' textbook
 * network: sigmoid outputs with {@code half_sse}); a squared-error loss on a classification task gets
 * sigmoid outputs, as in Nielsen's network.py.
 */
public final class Architecture {
    private Architecture() {}

    /** The loss for a task ({@code classes} is 0 for regression). */
    public static Loss loss(String lossFlag, String task, int classes) {
        if (lossFlag != null) {
            Loss l = named(lossFlag);
            if (ModelInfo.REGRESSION.equals(task) && isCrossEntropy(l)) {
                throw new UsageException("--loss " + lossFlag + " is for classification; this is a regression task (use mse or half_sse)");
            }
            if (l == Loss.CATEGORICAL_CROSS_ENTROPY && classes == 2) {
                throw new UsageException("categorical_cross_entropy needs one output per class; with two classes use "
                        + "binary_cross_entropy (the default)");
            }
            return l;
        }
        if (ModelInfo.REGRESSION.equals(task)) {
            return Loss.MSE;
        }
        return classes == 2 ? Loss.BINARY_CROSS_ENTROPY : Loss.CATEGORICAL_CROSS_ENTROPY;
    }

    /** The output activation that goes with {@code loss} on this task. */
    public static Activation outputActivation(String flag, Loss loss, String task) {
        if (flag != null) {
            return activation(flag, "--output-activation");
        }
        if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
            return Activation.SOFTMAX;
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY || ModelInfo.CLASSIFICATION.equals(task)) {
            return Activation.SIGMOID;
        }
        return Activation.IDENTITY;
    }

    /** inputs → [dense(h, activation) → dropout]* → dense(outputs, output activation). */
    public static Network build(int inputs, int outputs, TrainSettings s, Activation output) {
        Activation hidden = activation(s.activation(), "--activation");
        NetworkBuilder b = Network.builder(inputs);
        for (int units : s.layers()) {
            b.dense(units, hidden);
            if (s.dropout() > 0) {
                b.dropout(s.dropout());
            }
        }
        b.dense(outputs, output);
        return b.seed(s.seed()).precision(precision(s.precision())).build();
    }

    /** Reads a JSON network file (the core's format); layers without weights are initialized from the seed. */
    public static Network fromJson(Path file, TrainSettings s) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file + " (--network takes a JSON network file)");
        }
        if (Files.size(file) > 512L << 20) {
            throw new CliException(file + " is larger than 512 MB, too large for a JSON network file");
        }
        try {
            return Network.fromJson(Files.readString(file), precision(s.precision()), s.seed());
        } catch (IllegalArgumentException e) {
            throw new CliException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static Precision precision(String name) {
        try {
            return Precision.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision must be float32 or float64, got '" + name + "'");
        }
    }

    static Activation activation(String name, String flag) {
        try {
            return Activation.byName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    static Loss named(String name) {
        try {
            return Loss.byName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--loss: " + e.getMessage());
        }
    }

    static boolean isCrossEntropy(Loss l) {
        return l == Loss.CATEGORICAL_CROSS_ENTROPY || l == Loss.BINARY_CROSS_ENTROPY;
    }

    /** "784 → dense 256 relu → dropout 0.2 → dense 10 softmax". */
    public static String describe(Network network) {
        StringBuilder sb = new StringBuilder(Integer.toString(network.inputs()));
        for (Layer l : network.layers()) {
            sb.append(" → ");
            sb.append(l.type());
            // the layer's configuration values in order: "dense 256 relu", "dropout 0.2"
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            l.writeConfig(config, false);
            config.remove("alpha");
            config.elements().forEachRemaining(v -> sb.append(' ').append(v.asText()));
        }
        return sb.append(String.format(Locale.ROOT, " (%,d parameters, %s)", network.parameterCount(),
                network.precision().label())).toString();
    }
}
