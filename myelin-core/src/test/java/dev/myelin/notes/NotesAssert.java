package dev.myelin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Helpers for the worked examples of the notes, which print numbers rounded (sometimes truncated) to a
 * few digits and carry those rounded numbers into the next step of the calculation.
 */
final class NotesAssert {
    private NotesAssert() {}

    /** σ(z) written out, independent of the engine. */
    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Asserts that {@code value} printed with {@code decimals} decimals (half-up) reads {@code printed}. */
    static void assertPrints(String what, double value, int decimals, String printed) {
        String shown = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        assertThat(shown).as(what + " = " + value + " to " + decimals + " decimals").isEqualTo(printed);
    }

    /** A network of sigmoid layers with explicit weights [inputs][units] and biases, in float64. */
    static Network sigmoidNetwork(int inputs, double[][][] weights, double[][] biases) {
        var b = Network.builder(inputs).precision(Precision.FLOAT64);
        for (int i = 0; i < weights.length; i++) {
            b.dense(weights[i], biases[i], Activation.SIGMOID);
        }
        return b.build();
    }

    static Matrix row(double... values) {
        return Matrix.row(values, Precision.FLOAT64);
    }

    static Dense dense(Network net, int layer) {
        return (Dense) net.layers().get(layer);
    }
}
