package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * Adadelta (Zeiler 2012), as PyTorch's {@code Adadelta} documents:
 * v ← ρ·v + (1 − ρ)·g², Δ = √(u + ε)/√(v + ε)·g, u ← ρ·u + (1 − ρ)·Δ², w ← w − η·Δ.
 * Defaults η = 1.0, ρ = 0.9, ε = 1e-6.
 */
public final class Adadelta extends Optimizer {
    private final double rho;
    private final double eps;

    public Adadelta() {
        this(1.0);
    }

    public Adadelta(double learningRate) {
        this(learningRate, 0.9, 1e-6);
    }

    public Adadelta(double learningRate, double rho, double eps) {
        super(learningRate);
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("adadelta rho must be in [0, 1), got " + rho);
        }
        this.rho = rho;
        this.eps = eps;
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    public List<String> slotNames() {
        return List.of("square_avg", "acc_delta");
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), v = slots[0], u = slots[1];
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.adadelta(w.floats(), g.floats(), v.floats(), u.floats(), w.rows(), w.cols(), (float) lr,
                    (float) rho, (float) eps);
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), v = slots[0], u = slots[1];
        for (int i = 0; i < w.size(); i++) {
            double gi = g.get(i);
            double vi = rho * v.get(i) + (1 - rho) * gi * gi;
            v.set(i, vi);
            double delta = Math.sqrt(u.get(i) + eps) / Math.sqrt(vi + eps) * gi;
            u.set(i, rho * u.get(i) + (1 - rho) * delta * delta);
            w.set(i, w.get(i) - lr * delta);
        }
    }
}
