package dev.myelin.losses;

import dev.myelin.activations.Activation;
import dev.myelin.activations.Sigmoid;
import dev.myelin.tensor.Matrix;

/**
 * Binary cross-entropy, averaged over all elements (notes 002, PyTorch {@code BCELoss}):
 * E = −(1/(N·K)) Σ [y ln a + (1 − y) ln(1 − a)], ∂E/∂a = (a − y) / (a(1 − a)) / (N·K).
 * As in PyTorch, each logarithm is clamped at −100 so a saturated output gives a large, finite loss.
 *
 * <p><b>Fused with sigmoid</b> (PyTorch {@code BCEWithLogitsLoss}): from the logit z,
 * E = max(z, 0) − z·y + ln(1 + e^(−|z|)), and ∂E/∂z = (σ(z) − y)/(N·K) — no division by a(1 − a),
 * no NaN or infinity however saturated the output.
 */
public final class BinaryCrossEntropy implements Loss {
    private static final double LOG_FLOOR = -100;

    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    @Override
    public double value(Matrix output, Matrix target) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double a = output.get(i), y = target.get(i);
            s -= y * Math.max(Math.log(a), LOG_FLOOR) + (1 - y) * Math.max(Math.log1p(-a), LOG_FLOOR);
        }
        return s / n;
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        for (int i = 0; i < n; i++) {
            double a = output.get(i), y = target.get(i);
            double denom = Math.max(a * (1 - a), 1e-12);
            grad.set(i, (a - y) / denom / n);
        }
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation instanceof Sigmoid;
    }

    @Override
    public double fusedValue(Matrix z, Matrix target) {
        Loss.checkShapes(name(), z, target);
        int n = z.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double x = z.get(i), y = target.get(i);
            s += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return s / n;
    }

    @Override
    public void fusedGradient(Matrix output, Matrix target, Matrix gradZ) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double inv = 1.0 / n;
        for (int i = 0; i < n; i++) {
            gradZ.set(i, (output.get(i) - target.get(i)) * inv);
        }
    }
}
