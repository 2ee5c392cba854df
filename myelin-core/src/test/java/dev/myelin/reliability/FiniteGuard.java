package dev.myelin.reliability;

import dev.myelin.Network;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.TrainingDivergedException;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.util.List;
import java.util.Map;

/**
 * Stops training at the first NaN or infinity in any layer's gradient or weights, naming the epoch,
 * the batch, the parameter (its layer) and the element: the check the trainer itself makes only on
 * the loss. After each batch's update it scans every parameter's gradient ∂E/∂W of that batch, then
 * its new values — O(parameters) per batch, as cheap as the optimizer step.
 *
 * <p>This is the listener form of the patch proposed for {@code Trainer} (docs/SAFETY.md); once the
 * trainer checks gradients and weights itself, it is no longer needed.
 */
final class FiniteGuard implements TrainingListener {

    @Override
    public void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {
        for (Map.Entry<String, Parameter> e : state.network().namedParameters().entrySet()) {
            check(epoch, batch, e.getKey(), "gradient", e.getValue().grad());
            check(epoch, batch, e.getKey(), "value", e.getValue().value());
        }
    }

    /** Throws if {@code m} holds a NaN or an infinity, naming where ([row][col] of {@code name}'s {@code what}). */
    static void check(int epoch, int batch, String name, String what, Matrix m) {
        int bad = firstNonFinite(m);
        if (bad >= 0) {
            double v = m.isFloat() ? m.floats()[bad] : m.doubles()[bad];
            throw new TrainingDivergedException(epoch, batch, String.format("the %s of %s is %s at [%d][%d]", what, name, v,
                    bad / m.cols(), bad % m.cols()));
        }
    }

    /**
     * Where the last forward pass first went non-finite: "layer 1 (dense, relu): z = Infinity at
     * [3][0]", from each dense layer's pre-activation Z and activation A of the last batch; or
     * "no layer" if every layer's Z and A are finite (then the loss itself overflowed). This is what
     * the trainer should add to its "the loss is NaN" message.
     */
    static String locateForward(Network network) {
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense d) {
                for (String what : new String[] {"z", "a"}) {
                    Matrix m = what.equals("z") ? d.lastZ() : d.lastOutput();
                    int bad = m == null ? -1 : firstNonFinite(m);
                    if (bad >= 0) {
                        double v = m.isFloat() ? m.floats()[bad] : m.doubles()[bad];
                        return String.format("layer %d (dense, %s): %s = %s at [%d][%d]", i, d.activation().name(), what, v,
                                bad / m.cols(), bad % m.cols());
                    }
                }
            }
        }
        return "no layer";
    }

    /** The index of the first non-finite element, or −1. */
    static int firstNonFinite(Matrix m) {
        int n = m.size();
        if (m.isFloat()) {
            float[] a = m.floats();
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(a[i])) {
                    return i;
                }
            }
        } else {
            double[] a = m.doubles();
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(a[i])) {
                    return i;
                }
            }
        }
        return -1;
    }
}
