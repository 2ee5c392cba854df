package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout: the identity outside training; in training each value is kept with probability
 * 1 − p and scaled by 1/(1 − p), dropped to 0 otherwise, and the backward pass applies the same mask.
 */
class DropoutTest {
    static Matrix filled(int rows, int cols, Precision p) {
        Matrix x = Matrix.zeros(rows, cols, p);
        Rng rng = new Rng(99);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, 0.5 + rng.nextDouble()); // never 0, so a dropped value is recognizable
        }
        return x;
    }

    @Test
    void inferenceIsTheIdentity() {
        Dropout d = new Dropout(10, 0.5, 7);
        Matrix x = filled(20, 10, Precision.FLOAT64);
        Matrix y = d.forward(x, false);
        assertThat(y.doubles()).containsExactly(x.doubles());
        assertThat(d.rng().state()).isEqualTo(new Rng(7).state()); // no draws
        Matrix g = filled(20, 10, Precision.FLOAT64);
        assertThat(d.backward(g).doubles()).containsExactly(g.doubles());
    }

    @Test
    void trainingKeepsAboutOneMinusPScaled() {
        for (double p : new double[] {0.2, 0.5, 0.8}) {
            Dropout d = new Dropout(100, p, 2024);
            Matrix x = filled(100, 100, Precision.FLOAT64);
            Matrix y = d.forward(x, true);
            int kept = 0;
            for (int i = 0; i < x.size(); i++) {
                if (y.get(i) != 0) {
                    kept++;
                    assertThat(y.get(i)).isEqualTo(x.get(i) * (1 / (1 - p)));
                }
            }
            // The exact count is what the layer's generator decides (four 16-bit uniforms u per draw,
            // value kept iff u ≥ round(p·65536)) ...
            Rng rng = new Rng(2024);
            int expected = 0;
            int threshold = Dropout.dropThreshold(p);
            for (int i = 0; i < 10_000; i += 4) {
                long r = rng.nextLong();
                for (int k = 0; k < 4; k++) {
                    expected += ((int) (r >>> (16 * k)) & 0xFFFF) >= threshold ? 1 : 0;
                }
            }
            assertThat(kept).as("p = %s", p).isEqualTo(expected);
            // ... and within 4 standard deviations of 10,000·(1 − p).
            double sd = Math.sqrt(10_000 * p * (1 - p));
            assertThat((double) kept).isBetween(10_000 * (1 - p) - 4 * sd, 10_000 * (1 - p) + 4 * sd);
        }
    }

    @Test
    void fixedSeedGivesFixedCounts() {
        Dropout d = new Dropout(50, 0.5, 1);
        int kept = 0;
        Matrix y = d.forward(filled(40, 50, Precision.FLOAT32), true);
        for (int i = 0; i < y.size(); i++) {
            kept += y.get(i) != 0 ? 1 : 0;
        }
        Dropout again = new Dropout(50, 0.5, 1);
        Matrix y2 = again.forward(filled(40, 50, Precision.FLOAT32), true);
        assertThat(y2.floats()).containsExactly(y.floats());
        assertThat(kept).isBetween(900, 1100);
    }

    /** float32 masks are written by their own loop: the same draws and values as float64's, call after call. */
    @Test
    void floatAndDoubleMasksAgreeForAnySize() {
        for (int width : new int[] {1, 3, 7, 8, 785}) {
            Dropout d32 = new Dropout(width, 0.3, 99), d64 = new Dropout(width, 0.3, 99);
            for (int call = 0; call < 3; call++) {
                int rows = 1 + call;
                Matrix ones32 = Matrix.zeros(rows, width, Precision.FLOAT32), ones64 = Matrix.zeros(rows, width, Precision.FLOAT64);
                ones32.fill(1);
                ones64.fill(1);
                Matrix a32 = d32.forward(ones32, true), a64 = d64.forward(ones64, true);
                for (int i = 0; i < a32.size(); i++) {
                    assertEquals(Float.floatToIntBits((float) a64.get(i)), Float.floatToIntBits((float) a32.get(i)),
                            "width " + width + ", call " + call + ", value " + i);
                }
            }
        }
    }

    @Test
    void backwardAppliesTheSameMask() {
        Dropout d = new Dropout(6, 0.5, 3);
        Matrix mask = Matrix.of(new double[][] {{2, 0, 2, 0, 0, 2}, {0, 2, 2, 2, 0, 0}}, Precision.FLOAT64);
        d.setFixedMask(mask);
        Matrix x = filled(2, 6, Precision.FLOAT64);
        Matrix y = d.forward(x, true);
        Matrix g = Matrix.zeros(2, 6, Precision.FLOAT64).fill(1.5);
        Matrix gx = d.backward(g);
        for (int i = 0; i < 12; i++) {
            assertThat(y.get(i)).isEqualTo(x.get(i) * mask.get(i));
            assertThat(gx.get(i)).isEqualTo(1.5 * mask.get(i));
        }
        assertThat(d.rng().state()).isEqualTo(new Rng(3).state()); // a fixed mask draws nothing
    }

    @Test
    void rateOutsideRangeIsRejected() {
        assertThatThrownBy(() -> new Dropout(3, 1.0, 0)).hasMessage("dropout rate must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new Dropout(3, -0.1, 0)).hasMessage("dropout rate must be in [0, 1), got -0.1");
    }
}
