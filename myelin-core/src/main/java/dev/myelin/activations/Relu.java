package dev.myelin.activations;

/** g(z) = max(0, z); g'(z) = 1 for z &gt; 0, else 0 (PyTorch's convention at z = 0). */
public final class Relu extends ElementwiseActivation {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : 0;
    }

    @Override
    public double derivative(double z, double a) {
        return z > 0 ? 1 : 0;
    }
}
