package dev.myelin.kernel;

import dev.myelin.activations.Activation;
import dev.myelin.tensor.Matrix;

/**
 * The linear algebra and element-wise maps a dense network needs, behind one small interface so that the plain loops of
 * {@link ReferenceKernels} and the SIMD, blocked, multi-threaded kernels can be swapped without
 * touching a layer.
 *
 * <p>Shapes follow the engine's convention: activations are batch rows × features, dense weights
 * [inputs][units]. Every method works on both precisions; both operands have the same precision.
 * Results must not depend on the number of threads (bit-identical), so that a seed fixes training.
 *
 * <p>Optimizer updates are not here: each optimizer in {@code dev.myelin.optim} dispatches to its
 * own SIMD loop through {@link OptimizerKernels} when the parameter is float32 and the Vector API is
 * present, and keeps its plain reference loop beside it.
 */
public interface Kernels {

    /** Forward product Z = X·W (+ Z when {@code accumulate}): a is m×k, b is k×n, c is m×n. */
    void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate);

    /** Backward product ∂X = δ·Wᵀ (+ c when {@code accumulate}): a is m×n, b is k×n, c is m×k. */
    void matmulTransposeB(Matrix a, Matrix b, Matrix c, boolean accumulate);

    /** Weight gradient ∂W = Xᵀ·δ (+ c when {@code accumulate}): a is m×k, b is m×n, c is k×n. */
    void matmulTransposeA(Matrix a, Matrix b, Matrix c, boolean accumulate);

    /**
     * A dense layer's forward: Z = X·W + b and A = g(Z) (x m×k, w k×n, bias 1×n, z and a m×n). Z is
     * kept (backward and explain need it). The reference is the three plain passes below, in order;
     * fast kernels may fuse them but give the same bits as their own three passes.
     */
    default void denseForward(Matrix x, Matrix w, Matrix bias, Activation g, Matrix z, Matrix a) {
        matmul(x, w, z, false);
        addRowVector(z, bias);
        activationForward(g, z, a);
    }

    /** z[r][j] += bias[j] for every row r: the "+ b" of z = x·W + b. bias is 1×n. */
    void addRowVector(Matrix z, Matrix bias);

    /** out[j] = Σ_r a[r][j] (+ out[j] when {@code accumulate}): the bias gradient. out is 1×n. */
    void sumRows(Matrix a, Matrix out, boolean accumulate);

    /** a = g(z) for a batch. The default is the activation's own (reference) loop. */
    default void activationForward(Activation g, Matrix z, Matrix a) {
        g.forward(z, a);
    }

    /** ∂E/∂z from ∂E/∂a. The default is the activation's own (reference) loop. */
    default void activationBackward(Activation g, Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        g.backward(z, a, gradA, gradZ);
    }

    /**
     * A training batch: dst's row r = src's row order[from + r], for r &lt; size (src and dst have
     * the same columns; dst has at least size rows). Fast kernels may split the rows over threads.
     */
    default void gatherRows(Matrix src, int[] order, int from, int size, Matrix dst) {
        for (int r = 0; r < size; r++) {
            dst.copyRow(src, order[from + r], r);
        }
    }

    /** The kernels in use by default: the fastest available on this machine. */
    static Kernels get() {
        return KernelRegistry.current();
    }

    /** The plain-loop reference kernels, which tests hold the fast ones to. */
    static Kernels reference() {
        return ReferenceKernels.INSTANCE;
    }

    /**
     * The number of threads the fast kernels may use for one large product (the calling thread
     * included). Defaults to the number of available processors, or the system property
     * {@code myelin.threads}. Results do not depend on it.
     */
    static int threads() {
        return KernelPool.threads();
    }

    /** Sets the number of threads the fast kernels may use (at least 1); 1 computes on the caller only. */
    static void setThreads(int threads) {
        KernelPool.setThreads(threads);
    }
}
