package dev.myelin.activations;

/**
 * ELU (Clevert et al. 2015, PyTorch {@code nn.ELU}): g(z) = z for z &gt; 0, α(eᶻ − 1) otherwise;
 * g'(z) = 1 for z &gt; 0, α·eᶻ = a + α otherwise. Default α = 1.
 */
public final class Elu extends ElementwiseActivation {
    public static final double DEFAULT_ALPHA = 1.0;
    private final double alpha;

    public Elu(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("elu alpha must be positive, got " + alpha);
        }
        this.alpha = alpha;
    }

    /** The slope parameter α of the negative side, α·(eˣ − 1). */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "elu";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : alpha * Math.expm1(z);
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : alpha * Math.exp(z);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Elu e && Double.compare(e.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha) * 31;
    }
}
