package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link PlaygroundConfig} builds on its data: the network (inputs → [dense(units, g) →
 * dropout]* → dense(outputs, output activation), float64, weights from {@code initSeed}), the loss
 * and the optimizer. The same pairings as {@code ./myelin train}: identity + MSE for regression,
 * one sigmoid + binary cross-entropy for two classes, softmax + categorical cross-entropy for more.
 */
final class SessionSetup {
    private SessionSetup() {}

    static Network network(PlaygroundConfig c, PlaygroundData d) {
        NetworkBuilder b = Network.builder(d.inputNames.size());
        for (PlaygroundConfig.LayerSpec l : c.layers()) {
            b.dense(l.units(), Activation.byName(l.activation()));
            if (l.dropout() > 0) {
                b.dropout(l.dropout());
            }
        }
        b.dense(d.outputs(), Activation.byName(outputActivation(c, d)));
        return b.seed(c.initSeed()).precision(Precision.FLOAT64).build();
    }

    /** auto: identity for regression, sigmoid for two classes, softmax for more; else the choice, checked against the task. */
    static String outputActivation(PlaygroundConfig c, PlaygroundData d) {
        String a = c.outputActivation();
        if (a.equals("auto")) {
            return d.regression ? "identity" : d.outputs() == 1 ? "sigmoid" : "softmax";
        }
        if (d.regression && !(a.equals("identity") || a.equals("tanh") || a.equals("sigmoid"))) {
            throw HttpError.badRequest("a regression output takes identity, tanh or sigmoid, not " + a);
        }
        if (!d.regression && d.outputs() == 1 && !a.equals("sigmoid")) {
            throw HttpError.badRequest("a two-class output is one sigmoid unit; " + a + " does not fit");
        }
        if (!d.regression && d.outputs() > 1 && !(a.equals("softmax") || a.equals("sigmoid"))) {
            throw HttpError.badRequest("a " + d.outputs() + "-class output takes softmax or sigmoid, not " + a);
        }
        return a;
    }

    /** auto: MSE for regression, else the cross-entropy of the output; a chosen loss must fit the output. */
    static Loss loss(PlaygroundConfig c, PlaygroundData d, Network n) {
        String out = n.outputLayer().activation().name();
        String l = c.loss();
        if (l.equals("auto")) {
            l = d.regression ? "mse" : out.equals("softmax") ? "categorical_cross_entropy" : "binary_cross_entropy";
        }
        if (l.equals("binary_cross_entropy") && !out.equals("sigmoid")) {
            throw HttpError.badRequest("binary cross-entropy needs a sigmoid output, the output is " + out);
        }
        if (l.equals("categorical_cross_entropy") && !out.equals("softmax")) {
            throw HttpError.badRequest("categorical cross-entropy needs a softmax output, the output is " + out);
        }
        return Loss.byName(l);
    }

    /** An optimizer of the configured kind, rate and penalty (pure configuration; a run makes its state). */
    static Optimizer optimizer(PlaygroundConfig c) {
        Optimizer o = Optimizers.create(c.optimizer(), c.learningRate());
        if (c.regularization().equals("l1")) {
            o.l1(c.regularizationRate());
        } else if (c.regularization().equals("l2")) {
            o.l2(c.regularizationRate());
        }
        return o;
    }

    /** True if going from {@code old} to {@code next} changes how a batch updates the weights. */
    static boolean trainingChanged(PlaygroundConfig old, PlaygroundConfig next) {
        return !old.optimizer().equals(next.optimizer()) || old.learningRate() != next.learningRate()
                || !old.regularization().equals(next.regularization()) || old.regularizationRate() != next.regularizationRate()
                || old.batch() != next.batch() || !old.loss().equals(next.loss());
    }

    /** The layers with units the page draws: those with an activation and weight, bias parameters (dense). */
    static List<Layer> denseLayers(Network n) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : n.layers()) {
            if (l.activation() != null && l.parameters().size() == 2) {
                out.add(l);
            }
        }
        return out;
    }
}
