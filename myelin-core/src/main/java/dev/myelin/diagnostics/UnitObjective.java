package dev.myelin.diagnostics;

import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;

/**
 * A "loss" that is minus the mean activation of one unit: E = −(1/N) Σₙ a[n][u], so that ∂E/∂x,
 * which {@link dev.myelin.Network#computeGradients} backpropagates to the input, is minus the
 * gradient of the unit's activation. The target is ignored. It never fuses with the output activation:
 * the gradient must flow through the activation's derivative.
 */
final class UnitObjective implements Loss {
    private final int unit;

    UnitObjective(int unit) {
        this.unit = unit;
    }

    @Override
    public String name() {
        return "unit_" + unit;
    }

    @Override
    public double value(Matrix output, Matrix target) {
        double s = 0;
        for (int r = 0; r < output.rows(); r++) {
            s += output.get(r, unit);
        }
        return -s / output.rows();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        grad.fill(0);
        for (int r = 0; r < output.rows(); r++) {
            grad.set(r, unit, -1.0 / output.rows());
        }
    }

    @Override
    public boolean fusesWith(dev.myelin.activations.Activation activation) {
        return false;
    }
}
