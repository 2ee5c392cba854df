package dev.myelin.optim;


/**
 * AdamW (Loshchilov &amp; Hutter 2019), as PyTorch's {@code AdamW} documents: first
 * w ← w − η·λ·w (decoupled weight decay, on every parameter as PyTorch does by default), then the
 * {@link Adam} step. Default λ = 0.01.
 */
public final class AdamW extends Adam {
    private final double weightDecay;

    public AdamW(double learningRate) {
        this(learningRate, 0.01);
    }

    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
        super(learningRate, beta1, beta2, eps);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be ≥ 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    protected double decoupledWeightDecay() {
        return weightDecay;
    }
}
