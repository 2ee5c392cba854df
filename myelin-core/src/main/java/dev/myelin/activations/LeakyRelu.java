package dev.myelin.activations;

/**
 * g(z) = max(αz, z) for 0 ≤ α &lt; 1, i.e. z for z &gt; 0 and αz otherwise; g'(z) = 1 or α.
 * The notes' default slope is α = 0.01 (PyTorch's {@code negative_slope}).
 */
public final class LeakyRelu extends ElementwiseActivation {
    public static final double DEFAULT_ALPHA = 0.01;
    private final double alpha;

    public LeakyRelu(double alpha) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("leaky_relu alpha must be in [0, 1), got " + alpha);
        }
        this.alpha = alpha;
    }

    /** The slope α for negative inputs: g(z) = α·z there. */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : alpha * z;
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : alpha;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeakyRelu l && Double.compare(l.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha);
    }
}
