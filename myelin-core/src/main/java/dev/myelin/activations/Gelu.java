package dev.myelin.activations;

/**
 * GELU (Hendrycks &amp; Gimpel 2016, PyTorch {@code nn.GELU()} with the exact form):
 * g(z) = z·Φ(z) with Φ(z) = ½(1 + erf(z/√2)) the standard normal CDF;
 * g'(z) = Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π).
 */
public final class Gelu extends ElementwiseActivation {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    @Override
    public String name() {
        return "gelu";
    }

    /** Φ(z) = ½ erfc(−z/√2), accurate in both tails. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z * INV_SQRT2);
    }

    @Override
    public double apply(double z) {
        return z * normalCdf(z);
    }

    @Override
    public double derivative(double z, double a) {
        return normalCdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }
}
