package dev.myelin.diagnostics;

import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;

/**
 * A "loss" that is minus the mean activation of one unit: E = −(1/N) Σₙ a[n][u], so that ∂E/∂x,
 * which {@link dev.myelin.Network#computeGradients} backpropagates to the input, is minus the
 * gradient of the unit's activation. The target is ignored. For a the objective never fuses with the
 * output activation (the gradient must flow through the activation's derivative); for z
 * ({@code preActivation}) it fuses with any activation, so the network takes E from z and starts
 * the backward pass at δ = ∂E/∂z, skipping g.
 */
final class UnitObjective implements Loss {
    private final int unit;
    private final boolean preActivation;

    UnitObjective(int unit) {
        this(unit, false);
    }

    UnitObjective(int unit, boolean preActivation) {
        this.unit = unit;
        this.preActivation = preActivation;
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
        return preActivation;
    }

    /** E = −(1/N) Σₙ z[n][u]. */
    @Override
    public double fusedValue(Matrix z, Matrix target) {
        return value(z, target);
    }

    /** ∂E/∂z: −1/N at the unit, 0 elsewhere. */
    @Override
    public void fusedGradient(Matrix output, Matrix target, Matrix gradZ) {
        gradient(output, target, gradZ);
    }
}
