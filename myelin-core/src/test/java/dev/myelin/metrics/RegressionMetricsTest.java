package dev.myelin.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    private static Matrix column(double... v) {
        double[][] rows = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            rows[i] = new double[] {v[i]};
        }
        return Matrix.of(rows, Precision.FLOAT64);
    }

    /**
     * By hand: y = (1, 2, 3, 4), ŷ = (1, 2, 2, 5): errors (0, 0, 1, −1), MSE = 2/4 = 0.5, MAE = 0.5,
     * ȳ = 2.5, Σ(y − ȳ)² = 2.25 + 0.25 + 0.25 + 2.25 = 5, R² = 1 − 2/5 = 0.6.
     */
    @Test
    void handComputedValues() {
        RegressionMetrics m = RegressionMetrics.of(column(1, 2, 2, 5), column(1, 2, 3, 4));
        assertThat(m.mse()).isEqualTo(0.5);
        assertThat(m.mae()).isEqualTo(0.5);
        assertThat(m.r2()).isCloseTo(0.6, within(1e-15));
    }

    /** Chunks of 2, 1 and 1 rows give the whole data's values; so they do around a mean of 10⁹ (no Σy² − nȳ² cancellation). */
    @Test
    void chunksGiveTheWholeDatasValues() {
        for (double shift : new double[] {0, 1e9}) {
            RegressionMetrics.Accumulator a = new RegressionMetrics.Accumulator(1);
            a.add(column(shift + 1, shift + 2), column(shift + 1, shift + 2));
            a.add(column(shift + 2), column(shift + 3));
            a.add(column(shift + 5), column(shift + 4));
            RegressionMetrics m = a.result();
            assertThat(a.count()).isEqualTo(4);
            assertThat(m.mse()).isEqualTo(0.5);
            assertThat(m.mae()).isEqualTo(0.5);
            assertThat(m.r2()).as("shift %s", shift).isCloseTo(0.6, within(1e-12));
        }
    }

    /** Two output columns: R² is the mean of the per-column R² (scikit-learn's uniform average). */
    @Test
    void r2AveragesColumns() {
        Matrix y = Matrix.of(new double[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}}, Precision.FLOAT64);
        Matrix p = Matrix.of(new double[][] {{1, 10}, {2, 20}, {2, 30}, {5, 40}}, Precision.FLOAT64);
        RegressionMetrics.Accumulator a = new RegressionMetrics.Accumulator(2);
        a.add(p.copy(), y.copy());
        RegressionMetrics whole = RegressionMetrics.of(p, y);
        assertThat(whole.r2()).isCloseTo((0.6 + 1) / 2, within(1e-15));
        assertThat(a.result()).isEqualTo(whole);
        assertThat(whole.mse()).isEqualTo(2.0 / 8);
    }
}
