package dev.myelin.activations;

/**
 * The perceptron's threshold: g(z) = 1 if z &gt; 0, else 0 (notes: output 1 if Σ w·x + b &gt; 0).
 *
 * <p>Its derivative is 0 wherever it exists, so gradient descent cannot train through it — the
 * notes' "disadvantage no. 1 of the perceptron": a small change of a weight flips the output or does
 * nothing. {@link dev.myelin.perceptron.Perceptron} trains it with the perceptron rule instead.
 */
public final class Step extends ElementwiseActivation {
    @Override
    public String name() {
        return "step";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? 1 : 0;
    }

    @Override
    public double derivative(double z, double a) {
        return 0;
    }
}
