package dev.myelin.diagnostics;

import dev.myelin.nn.Sequential;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a network that computes one layer's units: a network made of layers 0..L of the given
 * network, sharing their weights (nothing is copied). Layer L's pre-activation z can be looked at
 * instead of its activation a (for a softmax output, maximizing the class logit z rather than the
 * probability, as feature-visualization work does) through the layer contract's recorded z and its
 * backward from δ = ∂E/∂z.
 */
final class UnitProbe {
    private UnitProbe() {}

    /**
     * Layers 0..layer of {@code network} (sharing their parameters), ending in a layer with an
     * activation, whose units are looked at. For z rather than a, use {@link #values} and an objective
     * that fuses with the last activation ({@link UnitObjective#UnitObjective(int, boolean)}).
     */
    static Sequential prefix(Sequential network, int layer, boolean preActivation) {
        List<Layer> layers = network.layers();
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: the network has layers 0 to "
                    + (layers.size() - 1));
        }
        if (layers.get(layer).activation() == null) {
            throw new IllegalArgumentException("layer " + layer + " is " + layers.get(layer).type()
                    + ", not a dense layer with units to look at");
        }
        return new Sequential(network.inputs(), new ArrayList<>(layers.subList(0, layer + 1)), network.precision(),
                network.seed());
    }

    /** The probe's last layer's a (or z) for every row of {@code x}, in inference mode (a new matrix). */
    static Matrix values(Sequential probe, Matrix x, boolean preActivation) {
        if (!preActivation) {
            return probe.predict(x);
        }
        Matrix result = Matrix.zeros(x.rows(), probe.outputs(), probe.precision());
        Layer last = probe.layers().get(probe.layers().size() - 1);
        int chunk = 1024;
        for (int start = 0; start < x.rows(); start += chunk) {
            int n = Math.min(chunk, x.rows() - start);
            Matrix part = Matrix.zeros(n, x.cols(), probe.precision());
            for (int r = 0; r < n; r++) {
                part.copyRow(x, start + r, r);
            }
            probe.forward(part, false);
            Matrix z = last.lastPreActivation();
            for (int r = 0; r < n; r++) {
                result.copyRow(z, r, start + r);
            }
        }
        return result;
    }

    static void checkUnit(Sequential network, int layer, int unit) {
        int units = network.layers().get(layer).outputs();
        if (unit < 0 || unit >= units) {
            throw new IllegalArgumentException("unit " + unit + " does not exist: layer " + layer + " has units 0 to " + (units - 1));
        }
    }
}
