package dev.myelin.metrics;

import dev.myelin.tensor.Matrix;

/**
 * Regression metrics over all elements of predictions ŷ and targets y (n values):
 * MSE = (1/n) Σ (y − ŷ)², MAE = (1/n) Σ |y − ŷ|, R² = 1 − Σ (y − ŷ)² / Σ (y − ȳ)², with ȳ the mean
 * of each output column (scikit-learn's {@code r2_score}, averaged uniformly over columns).
 */
public record RegressionMetrics(double mse, double mae, double r2) {

    /** The metrics of {@code predictions} against {@code targets}, both examples × outputs. */
    public static RegressionMetrics of(Matrix predictions, Matrix targets) {
        Accumulator a = new Accumulator(targets.cols());
        a.add(predictions, targets);
        return a.result();
    }

    /**
     * The same metrics gathered chunk by chunk, so that a file of any length is scored in constant
     * memory. Σ(y − ŷ)² and Σ|y − ŷ| are running sums; Σ(y − ȳ)² needs the mean of all rows, so each
     * column keeps its count, mean and M₂ = Σ(y − ȳ)², and a chunk (m rows, mean ȳ_B, M₂_B) merges in
     * as Chan et al. (1979) do: δ = ȳ_B − ȳ_A, M₂ = M₂_A + M₂_B + δ²·n_A·m/(n_A + m),
     * ȳ = ȳ_A + δ·m/(n_A + m). Unlike Σy² − nȳ², this keeps its digits when the mean is large against
     * the spread. One chunk gives exactly {@link #of}'s two-pass values.
     */
    public static final class Accumulator {
        private final int k;
        private long n;
        private final double[] mean;
        private final double[] m2;
        private final double[] ssRes;
        private double ae;

        /** @param outputs the columns of the predictions and targets */
        public Accumulator(int outputs) {
            if (outputs < 1) {
                throw new IllegalArgumentException("regression metrics need at least one output column, got " + outputs);
            }
            k = outputs;
            mean = new double[k];
            m2 = new double[k];
            ssRes = new double[k];
        }

        /** Adds a chunk of examples: predictions and targets, both rows × outputs. */
        public void add(Matrix predictions, Matrix targets) {
            if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
                throw new IllegalArgumentException("predictions are " + predictions.shape() + " but targets " + targets.shape());
            }
            if (targets.cols() != k) {
                throw new IllegalArgumentException("the metrics gather " + k + " output columns, this chunk has " + targets.cols());
            }
            int m = targets.rows();
            if (m == 0) {
                return;
            }
            for (int j = 0; j < k; j++) {
                double chunkMean = 0;
                for (int i = 0; i < m; i++) {
                    chunkMean += targets.get(i, j);
                }
                chunkMean /= m;
                double chunkM2 = 0, se = 0;
                for (int i = 0; i < m; i++) {
                    double y = targets.get(i, j), e = y - predictions.get(i, j);
                    se += e * e;
                    chunkM2 += (y - chunkMean) * (y - chunkMean);
                    ae += Math.abs(e);
                }
                ssRes[j] += se;
                if (n == 0) {
                    mean[j] = chunkMean;
                    m2[j] = chunkM2;
                } else {
                    double total = n + (double) m;
                    double delta = chunkMean - mean[j];
                    m2[j] += chunkM2 + delta * delta * n * m / total;
                    mean[j] += delta * m / total;
                }
            }
            n += m;
        }

        /** The number of examples added. */
        public long count() {
            return n;
        }

        /** MSE, MAE and R² of everything added (NaN for MSE and MAE if nothing was). */
        public RegressionMetrics result() {
            double se = 0, r2 = 0;
            for (int j = 0; j < k; j++) {
                se += ssRes[j];
                r2 += m2[j] == 0 ? (ssRes[j] == 0 ? 1 : 0) : 1 - ssRes[j] / m2[j];
            }
            double values = (double) n * k;
            return new RegressionMetrics(se / values, ae / values, r2 / k);
        }
    }
}
