package dev.myelin.kernel;

import dev.myelin.tensor.Matrix;

/** Shape checks shared by the kernels. */
final class Shapes {
    private Shapes() {}

    static void check(String op, boolean ok, Matrix a, Matrix b, Matrix c) {
        if (!ok) {
            throw new IllegalArgumentException(
                    op + ": shapes do not fit (" + a.shape() + ", " + b.shape() + " into " + c.shape() + ")");
        }
        if (a.isFloat() != b.isFloat() || a.isFloat() != c.isFloat()) {
            throw new IllegalArgumentException(op + ": operands mix float32 and float64");
        }
    }
}
