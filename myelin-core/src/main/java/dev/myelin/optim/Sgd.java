package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;

/** Plain gradient descent (notes 000, PyTorch {@code SGD}): w ← w − η·g. */
public final class Sgd extends Optimizer {
    public Sgd(double learningRate) {
        super(learningRate);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected int slotCount() {
        return 0;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad();
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.sgd(w.floats(), g.floats(), w.rows(), w.cols(), (float) lr);
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad();
        for (int i = 0; i < w.size(); i++) {
            w.set(i, w.get(i) - lr * g.get(i));
        }
    }
}
