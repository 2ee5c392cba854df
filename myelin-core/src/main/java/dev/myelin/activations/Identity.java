package dev.myelin.activations;

/** g(z) = z, g'(z) = 1: the output of a regression network. */
public final class Identity extends ElementwiseActivation {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public double apply(double z) {
        return z;
    }

    @Override
    public double derivative(double z, double a) {
        return 1;
    }
}
