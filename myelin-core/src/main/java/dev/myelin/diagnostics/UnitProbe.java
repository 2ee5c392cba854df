package dev.myelin.diagnostics;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a network that computes one layer's units: a network made of layers 0..L of the given
 * network, sharing their weights (nothing is copied), optionally with layer L's activation replaced by
 * the identity so that its output is the pre-activation z (for a softmax output, maximizing the class
 * logit z rather than the probability, as feature-visualization work does).
 */
final class UnitProbe {
    private UnitProbe() {}

    static Network prefix(Network network, int layer, boolean preActivation) {
        List<Layer> layers = network.layers();
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: the network has layers 0 to "
                    + (layers.size() - 1));
        }
        if (!(layers.get(layer) instanceof Dense d)) {
            throw new IllegalArgumentException("layer " + layer + " is " + layers.get(layer).type()
                    + ", not a dense layer with units to look at");
        }
        List<Layer> sub = new ArrayList<>(layers.subList(0, layer));
        sub.add(preActivation ? new Dense(d.weights(), d.bias(), Activation.IDENTITY) : d);
        return Network.of(network.inputs(), sub, network.precision(), network.seed());
    }

    static void checkUnit(Network network, int layer, int unit) {
        int units = network.layers().get(layer).outputs();
        if (unit < 0 || unit >= units) {
            throw new IllegalArgumentException("unit " + unit + " does not exist: layer " + layer + " has units 0 to " + (units - 1));
        }
    }
}
