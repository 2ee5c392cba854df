package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * SGD with momentum, as PyTorch's {@code SGD(momentum=μ, nesterov=...)} documents (dampening 0):
 * b ← μ·b + g (b = g at the first step); heavy-ball: w ← w − η·b; Nesterov: w ← w − η·(g + μ·b).
 */
public final class Momentum extends Optimizer {
    private final double mu;
    private final boolean nesterov;

    public Momentum(double learningRate, double momentum) {
        this(learningRate, momentum, false);
    }

    public Momentum(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.mu = momentum;
        this.nesterov = nesterov;
    }

    /** The momentum coefficient μ. */
    public double momentum() {
        return mu;
    }

    /** Whether the update uses Nesterov's look-ahead form. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return nesterov ? "nesterov" : "momentum";
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    public List<String> slotNames() {
        return List.of("momentum_buffer");
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), b = slots[0];
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.momentum(w.floats(), g.floats(), b.floats(), w.rows(), w.cols(), (float) lr, (float) mu, nesterov,
                    t == 1);
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), b = slots[0];
        for (int i = 0; i < w.size(); i++) {
            double gi = g.get(i);
            double bi = t == 1 ? gi : mu * b.get(i) + gi;
            b.set(i, bi);
            w.set(i, w.get(i) - lr * (nesterov ? gi + mu * bi : bi));
        }
    }
}
