package dev.myelin.diagnostics;

import dev.myelin.nn.Sequential;
import dev.myelin.tensor.Matrix;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The data set examples that activate a unit most (notes 001, "they also searched the dataset for
 * natural images that caused a high activation in that particular node"): every example is run
 * through layers 0..L in inference mode and ranked by the unit's activation a_u (or its z).
 */
public final class TopActivations {
    private TopActivations() {}

    /**
     * The ranking.
     *
     * @param indices row numbers in the data, highest activation first
     * @param values the activations there
     */
    public record Top(int[] indices, double[] values) {}

    /** The {@code k} rows of {@code x} (examples × inputs) with the highest activation of the unit. */
    public static Top top(Sequential network, int layer, int unit, Matrix x, int k, boolean preActivation) {
        Sequential probe = UnitProbe.prefix(network, layer, preActivation);
        UnitProbe.checkUnit(network, layer, unit);
        Matrix a = UnitProbe.values(probe, x, preActivation);
        Integer[] order = new Integer[x.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -a.get(r, unit)).thenComparingInt(r -> r));
        int n = Math.min(k, order.length);
        int[] idx = new int[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = order[i];
            values[i] = a.get(order[i], unit);
        }
        return new Top(idx, values);
    }

    /** The activations of every unit of layer {@code layer} for every row of {@code x} (examples × units). */
    public static Matrix activations(Sequential network, int layer, Matrix x, boolean preActivation) {
        return UnitProbe.values(UnitProbe.prefix(network, layer, preActivation), x, preActivation);
    }
}
