package dev.myelin.explain;

import dev.myelin.Network;
import dev.myelin.io.NetworkJson;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of one forward and backward pass, read from what the layers themselves recorded
 * through the layer contract: the one way {@code explain} (command line, library and playground)
 * gets its numbers. Nothing here computes a derivative: the pass is
 * {@link Network#computeGradients} on a float64 network, in inference mode (dropout off).
 *
 * @param loss E of the batch, averaged over its rows (fused forms included)
 * @param fused whether the loss was fused with the output activation (δ⁽ᴸ⁾ = (a − y)/N directly)
 * @param layers one record per layer, in order
 */
public record PassRecord(double loss, boolean fused, List<LayerRecord> layers) {

    /**
     * One layer's numbers, examples × values; each array is a copy.
     *
     * @param index the layer's position
     * @param layer the (float64) layer itself
     * @param input a⁽ˡ⁻¹⁾, the layer's input
     * @param z the pre-activation, or null for a layer without an activation
     * @param a the layer's output
     * @param gradA ∂E/∂a, or null after a fused output (or for a layer without an activation)
     * @param delta δ = ∂E/∂z, or null for a layer without an activation
     * @param parameters the parameter values at the pass, by name ({@code weight}, {@code bias})
     * @param gradients ∂E/∂θ by parameter name
     */
    public record LayerRecord(int index, Layer layer, double[][] input, double[][] z, double[][] a, double[][] gradA,
            double[][] delta, Map<String, double[][]> parameters, Map<String, double[][]> gradients) {}

    /**
     * A float64 copy through the JSON network format, which every registered layer writes and reads
     * bit for bit (float32 values widen exactly).
     */
    public static Network float64Copy(Network network) {
        return Network.fromJson(network.toJson(), Precision.FLOAT64, network.seed());
    }

    /**
     * Runs the layers' own forward and backward pass on {@code network} (float64) for the batch
     * {@code x} (rows × inputs) with targets {@code y} (rows × outputs), and records every layer.
     * The parameters' gradients are left as the pass computed them.
     */
    public static PassRecord run(Network network, Matrix x, Matrix y, Loss loss) {
        if (network.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("explain records a float64 network, this one is "
                    + network.precision().label() + " (use PassRecord.float64Copy)");
        }
        List<Layer> layers = network.layers();
        List<Map<String, double[][]>> before = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, double[][]> values = new LinkedHashMap<>();
            for (Parameter p : l.parameters()) {
                values.put(p.name(), p.value().toArray());
            }
            before.add(values);
        }
        double e = network.computeGradients(x, y, loss, false, false);
        List<LayerRecord> out = new ArrayList<>();
        double[][] input = x.copy(Precision.FLOAT64).toArray();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Map<String, double[][]> grads = new LinkedHashMap<>();
            for (Parameter p : l.parameters()) {
                grads.put(p.name(), p.grad().toArray());
            }
            double[][] a = l.lastOutput().toArray();
            out.add(new LayerRecord(i, l, input, array(l.lastPreActivation()), a, array(l.lastGradOutput()),
                    array(l.lastDelta()), before.get(i), grads));
            input = a;
        }
        return new PassRecord(e, network.fusesWith(loss), List.copyOf(out));
    }

    private static double[][] array(Matrix m) {
        return m == null ? null : m.toArray();
    }
}
