package dev.myelin.activations;

/**
 * g(z) = ln(1 + eᶻ), a smooth ReLU; g'(z) = σ(z). Evaluated as max(z, 0) + ln(1 + e^(−|z|)) so
 * that it neither overflows for large z nor loses digits for very negative z.
 */
public final class Softplus extends ElementwiseActivation {
    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public double apply(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double derivative(double z, double a) {
        return Sigmoid.sigmoid(z);
    }
}
