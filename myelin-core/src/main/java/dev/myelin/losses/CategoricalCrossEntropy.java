package dev.myelin.losses;

import dev.myelin.activations.Activation;
import dev.myelin.activations.Softmax;
import dev.myelin.tensor.Matrix;

/**
 * Categorical cross-entropy over N examples (notes 001): E = −(1/N) Σᵢ Σⱼ yᵢⱼ ln pᵢⱼ, with pᵢⱼ the
 * predicted probability of class j. ∂E/∂pᵢⱼ = −yᵢⱼ / pᵢⱼ / N (ln p clamped at −100 as in PyTorch).
 *
 * <p><b>Fused with softmax</b> (PyTorch {@code CrossEntropyLoss} on logits): from the logits z,
 * E = (1/N) Σᵢ [logsumexp(zᵢ) − Σⱼ yᵢⱼ zᵢⱼ] for targets whose rows sum to 1, and ∂E/∂z = (p − y)/N.
 */
public final class CategoricalCrossEntropy implements Loss {
    private static final double LOG_FLOOR = -100;

    @Override
    public String name() {
        return "categorical_cross_entropy";
    }

    @Override
    public double value(Matrix output, Matrix target) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            if (y != 0) {
                s -= y * Math.max(Math.log(output.get(i)), LOG_FLOOR);
            }
        }
        return s / output.rows();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double inv = 1.0 / output.rows();
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            grad.set(i, y == 0 ? 0 : -y / Math.max(output.get(i), 1e-44) * inv);
        }
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation instanceof Softmax;
    }

    @Override
    public double fusedValue(Matrix z, Matrix target) {
        Loss.checkShapes(name(), z, target);
        int m = z.rows(), k = z.cols();
        double s = 0;
        for (int r = 0; r < m; r++) {
            int o = r * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z.get(o + j));
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z.get(o + j) - max);
            }
            double logSumExp = max + Math.log(sum);
            for (int j = 0; j < k; j++) {
                double y = target.get(o + j);
                if (y != 0) {
                    s += y * (logSumExp - z.get(o + j));
                }
            }
        }
        return s / m;
    }

    @Override
    public void fusedGradient(Matrix output, Matrix target, Matrix gradZ) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double inv = 1.0 / output.rows();
        for (int i = 0; i < n; i++) {
            gradZ.set(i, (output.get(i) - target.get(i)) * inv);
        }
    }
}
