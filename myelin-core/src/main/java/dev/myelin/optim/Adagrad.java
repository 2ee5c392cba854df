package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * Adagrad (Duchi et al. 2011), as PyTorch's {@code Adagrad} documents (lr_decay 0, initial
 * accumulator 0): s ← s + g², w ← w − η·g/(√s + ε). Defaults η = 0.01, ε = 1e-10.
 */
public final class Adagrad extends Optimizer {
    private final double eps;

    public Adagrad(double learningRate) {
        this(learningRate, 1e-10);
    }

    public Adagrad(double learningRate, double eps) {
        super(learningRate);
        this.eps = eps;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    public List<String> slotNames() {
        return List.of("sum");
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), s = slots[0];
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.adagrad(w.floats(), g.floats(), s.floats(), w.rows(), w.cols(), (float) lr, (float) eps);
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), s = slots[0];
        for (int i = 0; i < w.size(); i++) {
            double gi = g.get(i);
            double si = s.get(i) + gi * gi;
            s.set(i, si);
            w.set(i, w.get(i) - lr * gi / (Math.sqrt(si) + eps));
        }
    }
}
