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
        if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
            throw new IllegalArgumentException("predictions are " + predictions.shape() + " but targets " + targets.shape());
        }
        int m = targets.rows(), k = targets.cols();
        double se = 0, ae = 0, r2 = 0;
        for (int j = 0; j < k; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += targets.get(i, j);
            }
            mean /= m;
            double ssRes = 0, ssTot = 0;
            for (int i = 0; i < m; i++) {
                double y = targets.get(i, j), e = y - predictions.get(i, j);
                ssRes += e * e;
                ssTot += (y - mean) * (y - mean);
                ae += Math.abs(e);
            }
            se += ssRes;
            r2 += ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
        }
        int n = m * k;
        return new RegressionMetrics(se / n, ae / n, r2 / k);
    }
}
