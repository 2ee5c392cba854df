package dev.myelin.losses;

import dev.myelin.tensor.Matrix;

/**
 * The notes' squared error: E = ½ Σⱼ (yⱼ − aⱼ)² per example (E_total of notes 000, Nielsen's C of
 * notes 003), averaged over the N examples of a batch: E = (1/N) Σᵢ ½ Σⱼ (yᵢⱼ − aᵢⱼ)².
 * ∂E/∂aᵢⱼ = (aᵢⱼ − yᵢⱼ)/N — for one example, the notes' ∂E/∂out = −(target − out).
 */
public final class HalfSumSquaredError implements Loss {
    @Override
    public String name() {
        return "half_sse";
    }

    @Override
    public double value(Matrix output, Matrix target) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = target.get(i) - output.get(i);
            s += e * e;
        }
        return 0.5 * s / output.rows();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.checkShapes(name(), output, target);
        int n = output.size();
        double inv = 1.0 / output.rows();
        for (int i = 0; i < n; i++) {
            grad.set(i, (output.get(i) - target.get(i)) * inv);
        }
    }
}
