package dev.myelin.activations;

/**
 * g(z) = tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ), with g'(z) = 1 − tanh²(z) = 1 − a² (notes 004).
 *
 * <p>The derivative is 1 − a², not 1 − a: the bug one Java library shipped for six years, which
 * {@code ActivationTest} guards against with a finite-difference check.
 */
public final class Tanh extends ElementwiseActivation {
    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public double apply(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z, double a) {
        if (Math.abs(z) > 1) {
            double c = Math.cosh(z); // the same value, 1/cosh²(z) = 1 − tanh²(z), without cancellation as a → ±1
            return 1 / (c * c);
        }
        return 1 - a * a;
    }
}
