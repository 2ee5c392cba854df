package dev.myelin.train;

import dev.myelin.nn.Sequential;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import java.util.List;

/** Finds where a forward pass first produced a NaN or an infinity, for divergence messages. */
final class FiniteCheck {
    private FiniteCheck() {}

    /**
     * "; first non-finite value: layer 1 (dense, relu): z = Infinity at [3][0]", from each layer's
     * pre-activation Z (if it has one) and output A of the last batch in layer order, or "" if all are finite.
     */
    static String where(Sequential network) {
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer d = layers.get(i);
            for (String what : new String[] {"z", "a"}) {
                Matrix m = what.equals("z") ? d.lastPreActivation() : d.lastOutput();
                int bad = m == null ? -1 : firstNonFinite(m);
                if (bad >= 0) {
                    return String.format("; first non-finite value: layer %d (%s): %s = %s at [%d][%d]", i,
                            d.describe().replace(" (", ", ").replace(")", ""), what, m.get(bad), bad / m.cols(),
                            bad % m.cols());
                }
            }
        }
        return "";
    }

    /** The index of the first non-finite element in use, or −1. */
    static int firstNonFinite(Matrix m) {
        int n = m.size();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(m.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
