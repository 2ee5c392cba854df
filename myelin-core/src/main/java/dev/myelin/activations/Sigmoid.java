package dev.myelin.activations;

/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), with σ'(z) = σ(z)(1 − σ(z)) (notes 000, 001, 004).
 *
 * <p>Evaluated as e^z / (1 + e^z) for z &lt; 0, so that no e^(−z) overflows for very negative z.
 */
public final class Sigmoid extends ElementwiseActivation {
    @Override
    public String name() {
        return "sigmoid";
    }

    /** σ(z), stable for any z. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public double apply(double z) {
        return sigmoid(z);
    }

    @Override
    public double derivative(double z, double a) {
        return a * (1 - a);
    }
}
