package dev.myelin.compute;

import dev.myelin.kernel.Kernels;
import dev.myelin.tensor.Matrix;

/**
 * The public face of the kernels for code outside the core (the command line, the benchmarks): the
 * three matrix products a dense layer runs, on the fastest kernels of this machine, and the number of
 * threads they may use. The kernel package itself stays internal, so it can change freely.
 *
 * <p>Shapes: a is m×k, b is k×n, c is m×n for {@link #matmul}; results never depend on the thread count.
 */
public final class Compute {
    private Compute() {}

    /** C = A·B (+ C when {@code accumulate}): a is m×k, b is k×n, c is m×n (the forward product Z = X·W). */
    public static void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        Kernels.get().matmul(a, b, c, accumulate);
    }

    /** C = A·Bᵀ (+ C when {@code accumulate}): a is m×n, b is k×n, c is m×k (the input gradient δ·Wᵀ). */
    public static void matmulTransposeB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        Kernels.get().matmulTransposeB(a, b, c, accumulate);
    }

    /** C = Aᵀ·B (+ C when {@code accumulate}): a is m×k, b is m×n, c is k×n (the weight gradient Xᵀ·δ). */
    public static void matmulTransposeA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        Kernels.get().matmulTransposeA(a, b, c, accumulate);
    }

    /** The number of threads the kernels may use for one large product, the calling thread included. */
    public static int threads() {
        return Kernels.threads();
    }

    /** Sets that number (at least 1; 1 computes on the calling thread only). */
    public static void setThreads(int threads) {
        Kernels.setThreads(threads);
    }
}
