package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * RMSprop (Hinton 2012), as PyTorch's {@code RMSprop} documents (no momentum, not centered):
 * v ← α·v + (1 − α)·g², w ← w − η·g/(√v + ε). Defaults η = 0.01, α = 0.99, ε = 1e-8.
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;

    public RmsProp(double learningRate) {
        this(learningRate, 0.99, 1e-8);
    }

    public RmsProp(double learningRate, double alpha, double eps) {
        super(learningRate);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("rmsprop alpha must be in [0, 1), got " + alpha);
        }
        this.alpha = alpha;
        this.eps = eps;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    public List<String> slotNames() {
        return List.of("square_avg");
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), v = slots[0];
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.rmsprop(w.floats(), g.floats(), v.floats(), w.rows(), w.cols(), (float) lr, (float) alpha,
                    (float) eps);
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), v = slots[0];
        for (int i = 0; i < w.size(); i++) {
            double gi = g.get(i);
            double vi = alpha * v.get(i) + (1 - alpha) * gi * gi;
            v.set(i, vi);
            w.set(i, w.get(i) - lr * gi / (Math.sqrt(vi) + eps));
        }
    }
}
