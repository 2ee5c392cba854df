package dev.myelin.activations;

import dev.myelin.tensor.Matrix;

/**
 * Softmax over each row (notes 002): pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), computed as e^(zᵢ − max z) so that no
 * exponential overflows. Each output row sums to 1.
 *
 * <p>Backward, the Jacobian ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ) gives ∂E/∂zᵢ = pᵢ (∂E/∂pᵢ − Σⱼ pⱼ ∂E/∂pⱼ).
 * With categorical cross-entropy the loss fuses the two into ∂E/∂z = p − y
 * ({@link dev.myelin.losses.CategoricalCrossEntropy}).
 */
public final class Softmax implements Activation {
    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        int m = z.rows(), n = z.cols();
        for (int r = 0; r < m; r++) {
            int o = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, z.get(o + j));
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double e = Math.exp(z.get(o + j) - max);
                a.set(o + j, e);
                sum += e;
            }
            double inv = 1 / sum;
            for (int j = 0; j < n; j++) {
                a.set(o + j, a.get(o + j) * inv);
            }
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        int m = z.rows(), n = z.cols();
        for (int r = 0; r < m; r++) {
            int o = r * n;
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += a.get(o + j) * gradA.get(o + j);
            }
            for (int j = 0; j < n; j++) {
                gradZ.set(o + j, a.get(o + j) * (gradA.get(o + j) - dot));
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
