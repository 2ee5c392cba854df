package dev.myelin.activations;

import dev.myelin.tensor.Matrix;

/**
 * An activation applied to each element alone: subclasses write the scalar g(z) and g'(z), this
 * class runs them over a batch. The derivative receives both z and a = g(z), because many are
 * cheapest in terms of a (σ' = a(1 − a), tanh' = 1 − a²).
 */
public abstract class ElementwiseActivation implements Activation {

    /** g(z). */
    public abstract double apply(double z);

    /** g'(z), given z and a = g(z). */
    public abstract double derivative(double z, double a);

    @Override
    public void forward(Matrix z, Matrix a) {
        int n = z.size();
        if (z.isFloat() && a.isFloat()) {
            float[] zs = z.floats(), as = a.floats();
            for (int i = 0; i < n; i++) {
                as[i] = (float) apply(zs[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                a.set(i, apply(z.get(i)));
            }
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        int n = z.size();
        if (z.isFloat()) {
            float[] zs = z.floats(), as = a.floats(), ga = gradA.floats(), gz = gradZ.floats();
            for (int i = 0; i < n; i++) {
                gz[i] = (float) (derivative(zs[i], as[i]) * ga[i]);
            }
        } else {
            double[] zs = z.doubles(), as = a.doubles(), ga = gradA.doubles(), gz = gradZ.doubles();
            for (int i = 0; i < n; i++) {
                gz[i] = derivative(zs[i], as[i]) * ga[i];
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
