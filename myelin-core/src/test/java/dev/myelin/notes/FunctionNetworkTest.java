package dev.myelin.notes;

import static dev.myelin.notes.NotesAssert.assertPrints;
import static dev.myelin.notes.NotesAssert.dense;
import static dev.myelin.notes.NotesAssert.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Notes 002 ("Fully-connected Feedforward Network"): a 2-2-2-2 sigmoid network is a function,
 * f(1, −1) = (0.62, 0.83) and f(0, 0) = (0.51, 0.85). Weights in [inputs][units] layout:
 * W¹ = [[1, −1], [−2, 1]], b¹ = [1, 0]; W² = [[2, −2], [−1, −1]], b² = [0, 0];
 * W³ = [[3, −1], [−1, 4]], b³ = [−2, 2]. The hidden values asserted to 2 decimals are the ones the
 * notes' figure shows (0.98, 0.12 → 0.86, 0.11 for (1, −1); 0.73, 0.5 → 0.72, 0.12 for (0, 0)).
 */
class FunctionNetworkTest {
    static final double[][][] W = {{{1, -1}, {-2, 1}}, {{2, -2}, {-1, -1}}, {{3, -1}, {-1, 4}}};
    static final double[][] B = {{1, 0}, {0, 0}, {-2, 2}};

    static Network net() {
        return NotesAssert.sigmoidNetwork(2, W, B);
    }

    /** The same function written out with scalars, independent of the engine. */
    static double[][] byHand(double[] x) {
        double[][] layers = new double[3][];
        double[] h = x;
        for (int l = 0; l < 3; l++) {
            double[] next = new double[2];
            for (int j = 0; j < 2; j++) {
                next[j] = sigmoid(h[0] * W[l][0][j] + h[1] * W[l][1][j] + B[l][j]);
            }
            layers[l] = next;
            h = next;
        }
        return layers;
    }

    @Test
    void inputOneMinusOne() {
        check(new double[] {1, -1}, new String[][] {{"0.98", "0.12"}, {"0.86", "0.11"}, {"0.62", "0.83"}});
    }

    @Test
    void inputZeroZero() {
        check(new double[] {0, 0}, new String[][] {{"0.73", "0.50"}, {"0.72", "0.12"}, {"0.51", "0.85"}});
    }

    @Test
    void batchOfBothGivesTheSameRows() {
        double[][] out = net().predict(new double[][] {{1, -1}, {0, 0}});
        assertThat(out[0][0]).isCloseTo(byHand(new double[] {1, -1})[2][0], within(1e-15));
        assertThat(out[1][1]).isCloseTo(byHand(new double[] {0, 0})[2][1], within(1e-15));
        assertThat(out[0][1]).isCloseTo(0.829123984157, within(1e-12));
        assertThat(out[1][0]).isCloseTo(0.511847376987, within(1e-12));
    }

    private static void check(double[] x, String[][] printed) {
        Network net = net();
        double[] out = net.predict(x);
        double[][] expected = byHand(x);
        for (int l = 0; l < 3; l++) {
            Matrix a = dense(net, l).lastOutput();
            for (int j = 0; j < 2; j++) {
                assertThat(a.get(j)).isCloseTo(expected[l][j], within(1e-15));
                assertPrints("layer " + (l + 1) + " unit " + (j + 1), a.get(j), 2, printed[l][j]);
            }
        }
        assertThat(out).containsExactly(expected[2][0], expected[2][1]);
        assertThat(net.precision()).isEqualTo(Precision.FLOAT64);
    }
}
