package dev.myelin.losses;

import dev.myelin.tensor.Matrix;

/**
 * Mean squared error over all elements (notes 001, PyTorch {@code MSELoss(reduction='mean')}):
 * E = (1/(N·K)) Σᵢ Σⱼ (aᵢⱼ − yᵢⱼ)², ∂E/∂aᵢⱼ = 2(aᵢⱼ − yᵢⱼ)/(N·K).
 */
public final class MeanSquaredError implements Loss {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double value(Matrix output, Matrix target) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = output.get(i) - target.get(i);
            s += e * e;
        }
        return s / n;
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double scale = 2.0 / n;
        for (int i = 0; i < n; i++) {
            grad.set(i, scale * (output.get(i) - target.get(i)));
        }
    }
}
