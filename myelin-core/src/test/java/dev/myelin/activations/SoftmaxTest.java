package dev.myelin.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Softmax properties: rows are probability distributions, stable for huge logits, shift-invariant. */
class SoftmaxTest {
    @Test
    void rowsSumToOne() {
        for (Precision precision : Precision.values()) {
            Rng rng = new Rng(11);
            Matrix z = Matrix.zeros(50, 7, precision);
            for (int i = 0; i < z.size(); i++) {
                z.set(i, rng.nextGaussian() * 10);
            }
            Matrix a = Matrix.zeros(50, 7, precision);
            Activation.SOFTMAX.forward(z, a);
            double tol = precision == Precision.FLOAT64 ? 1e-14 : 1e-6;
            for (int r = 0; r < 50; r++) {
                double sum = 0;
                for (int c = 0; c < 7; c++) {
                    assertThat(a.get(r, c)).isBetween(0.0, 1.0);
                    sum += a.get(r, c);
                }
                assertThat(sum).as("row %d in %s", r, precision).isCloseTo(1.0, within(tol));
            }
        }
    }

    @Test
    void stableForHugeLogits() {
        Matrix z = Matrix.of(new double[][] {{1000, 1000, 1000}, {1000, 999, -1000}, {-1000, -1000, -1000}},
                Precision.FLOAT64);
        Matrix a = Matrix.zeros(3, 3, Precision.FLOAT64);
        Activation.SOFTMAX.forward(z, a);
        assertThat(a.allFinite()).isTrue();
        for (int c = 0; c < 3; c++) {
            assertThat(a.get(0, c)).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(a.get(2, c)).isCloseTo(1.0 / 3, within(1e-15));
        }
        // e^0 / (e^0 + e^−1): the same as softmax(1, 0, −2000).
        assertThat(a.get(1, 0)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(a.get(1, 1)).isCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), within(1e-15));
        assertThat(a.get(1, 2)).isZero();
    }

    @Test
    void invariantToAddingAConstantToARow() {
        Matrix z = Matrix.of(new double[][] {{0.5, -1.25, 2.0}}, Precision.FLOAT64);
        Matrix shifted = Matrix.of(new double[][] {{500.5, 498.75, 502.0}}, Precision.FLOAT64);
        Matrix a = Matrix.zeros(1, 3, Precision.FLOAT64), b = Matrix.zeros(1, 3, Precision.FLOAT64);
        Activation.SOFTMAX.forward(z, a);
        Activation.SOFTMAX.forward(shifted, b);
        for (int c = 0; c < 3; c++) {
            assertThat(b.get(c)).isCloseTo(a.get(c), within(1e-14));
        }
    }
}
