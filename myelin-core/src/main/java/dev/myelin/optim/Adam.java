package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2014), as PyTorch's {@code Adam} documents:
 * m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 * w ← w − η·m̂/(√v̂ + ε). Defaults η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 * {@link AdamW} adds decoupled weight decay. Float32 parameters take the SIMD loop of the kernels;
 * the plain loop below is the reference it is tested against. The SIMD loop stores an m below the
 * smallest normal float (1.18e-38) as 0: subnormal arithmetic is slow on x86, and the step such an
 * m gives is below 1.2e-32 with the defaults, which changes no weight larger than 1e-24.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    public Adam() {
        this(1e-3);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double beta1, double beta2, double eps) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0)) {
            throw new IllegalArgumentException("adam needs 0 ≤ β₁, β₂ < 1 and ε ≥ 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    public List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    /** The decoupled weight decay λ applied before the step (0 for Adam, see {@link AdamW}). */
    protected double decoupledWeightDecay() {
        return 0;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), m = slots[0], v = slots[1];
        if (w.isFloat() && OptimizerKernels.available()) {
            OptimizerKernels.adam(w.floats(), g.floats(), m.floats(), v.floats(), w.rows(), w.cols(), (float) lr, (float) beta1,
                    (float) beta2, (float) eps, (float) (1 - Math.pow(beta1, t)), (float) (1 - Math.pow(beta2, t)),
                    (float) decoupledWeightDecay());
        } else {
            updateReference(p, slots, t, lr);
        }
    }

    /** The plain loop of the formula above: the reference the SIMD loop is tested against. */
    void updateReference(Parameter p, Matrix[] slots, long t, double lr) {
        Matrix w = p.value(), g = p.grad(), m = slots[0], v = slots[1];
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double decay = decoupledWeightDecay();
        if (decay != 0) {
            double keep = 1 - lr * decay;
            for (int i = 0; i < w.size(); i++) {
                w.set(i, w.get(i) * keep);
            }
        }
        for (int i = 0; i < w.size(); i++) {
            double gi = g.get(i);
            double mi = beta1 * m.get(i) + (1 - beta1) * gi;
            double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
            m.set(i, mi);
            v.set(i, vi);
            double mHat = mi / c1;
            double vHat = vi / c2;
            w.set(i, w.get(i) - lr * mHat / (Math.sqrt(vHat) + eps));
        }
    }
}
