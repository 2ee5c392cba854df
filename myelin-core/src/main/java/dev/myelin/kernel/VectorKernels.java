package dev.myelin.kernel;

import dev.myelin.activations.Activation;
import dev.myelin.activations.LeakyRelu;
import dev.myelin.tensor.Matrix;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast kernels: SIMD (the Vector API's preferred species: AVX-512 where present), cache-blocked
 * with packed panels and register-tiled micro-kernels ({@link FloatGemm}, {@link DoubleGemm}), and
 * multi-threaded over disjoint output blocks on the {@link KernelPool}. Results are bit-identical
 * for any thread count. Matrices are row-major; only the {@code rows()} in use are read or written.
 *
 * <p>The three products map onto one general product C (+)= op(A)·op(B): X·W with neither operand
 * transposed, δ·Wᵀ with B read transposed, Xᵀ·δ with A read transposed; the transposition is done
 * while packing, so every layout runs the same micro-kernel. One exception: the weight gradient Xᵀ·δ
 * of a small batch with few columns (nielsen's 784×30 from 10 rows, an output layer's) goes unpacked
 * through {@link FloatWeightGradient}, with the same bits.
 *
 * <p>Loaded reflectively by {@link KernelRegistry} only when the {@code jdk.incubator.vector} module
 * is present.
 */
public final class VectorKernels implements Kernels {
    public static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private VectorKernels() {}

    @Override
    public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        Shapes.check("X·W", a.cols() == b.rows() && c.rows() == m && c.cols() == n, a, b, c);
        if (a.isFloat()) {
            FloatGemm.gemm(m, n, k, a.floats(), k, false, b.floats(), n, false, c.floats(), n, accumulate);
        } else {
            DoubleGemm.gemm(m, n, k, a.doubles(), k, false, b.doubles(), n, false, c.doubles(), n, accumulate);
        }
    }

    @Override
    public void matmulTransposeB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), n = a.cols(), k = b.rows();
        Shapes.check("δ·Wᵀ", b.cols() == n && c.rows() == m && c.cols() == k, a, b, c);
        if (a.isFloat()) {
            FloatGemm.gemm(m, k, n, a.floats(), n, false, b.floats(), n, true, c.floats(), k, accumulate);
        } else {
            DoubleGemm.gemm(m, k, n, a.doubles(), n, false, b.doubles(), n, true, c.doubles(), k, accumulate);
        }
    }

    @Override
    public void matmulTransposeA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        Shapes.check("Xᵀ·δ", b.rows() == m && c.rows() == k && c.cols() == n, a, b, c);
        if (a.isFloat() && !accumulate && FloatWeightGradient.takes(m, n, k)) {
            FloatWeightGradient.atb(m, n, k, a.floats(), k, b.floats(), n, c.floats()); // small batch: unpacked, same bits
        } else if (a.isFloat()) {
            FloatGemm.gemm(k, n, m, a.floats(), k, true, b.floats(), n, false, c.floats(), n, accumulate);
        } else {
            DoubleGemm.gemm(k, n, m, a.doubles(), k, true, b.doubles(), n, false, c.doubles(), n, accumulate);
        }
    }

    /**
     * float32: one blocked product whose epilogue adds b and, for identity, relu, leaky relu, sigmoid
     * and tanh when n is a multiple of the vector length, and for softmax when the product is
     * {@link FloatNarrowGemm}'s (whole rows per block), writes g(Z) while each block is in L1
     * ({@link FloatGemm#denseForward}); otherwise g runs its own pass. Bit-identical to the three
     * passes. float64: the three passes.
     */
    @Override
    public void denseForward(Matrix x, Matrix w, Matrix bias, Activation g, Matrix z, Matrix a) {
        int m = x.rows(), k = x.cols(), n = w.cols();
        Shapes.check("X·W + b", w.rows() == k && z.rows() == m && z.cols() == n && bias.size() == n
                && a.rows() == m && a.cols() == n, x, w, z);
        if (!x.isFloat() || !bias.isFloat() || !a.isFloat()) {
            Kernels.super.denseForward(x, w, bias, g, z, a);
            return;
        }
        // g in the epilogue only when rows are whole vectors: then every element takes the same vector
        // formula as in the unfused pass (whose scalar tail depends on the position in the array), so
        // fused and unfused agree bit for bit and a seed trains the same network either way
        // softmax needs whole rows, which the product hands its epilogue only with few columns
        int kind = FloatEpilogue.kindOf(g);
        if (kind == FloatEpilogue.SOFTMAX ? !FloatNarrowGemm.takes(m, n) : n % FloatEpilogue.V != 0) {
            kind = FloatEpilogue.BIAS_ONLY;
        }
        float alpha = g instanceof LeakyRelu lr ? (float) lr.alpha() : 0f;
        FloatGemm.denseForward(m, n, k, x.floats(), w.floats(), z.floats(), bias.floats(), kind, alpha, a.floats());
        if (kind == FloatEpilogue.BIAS_ONLY) {
            activationForward(g, z, a);
        }
    }

    @Override
    public void addRowVector(Matrix z, Matrix bias) {
        int m = z.rows(), n = z.cols();
        Shapes.check("z + b", bias.size() == n, z, bias, z);
        if (z.isFloat()) {
            float[] x = z.floats(), b = bias.floats();
            for (int i = 0; i < m; i++) {
                addRow(x, i * n, b, n);
            }
        } else {
            double[] x = z.doubles(), b = bias.doubles();
            for (int i = 0; i < m; i++) {
                addRow(x, i * n, b, n);
            }
        }
    }

    private static void addRow(float[] x, int row, float[] b, int n) {
        int j = 0;
        for (int vn = FS.loopBound(n); j < vn; j += FS.length()) {
            FloatVector.fromArray(FS, x, row + j).add(FloatVector.fromArray(FS, b, j)).intoArray(x, row + j);
        }
        for (; j < n; j++) {
            x[row + j] += b[j];
        }
    }

    private static void addRow(double[] x, int row, double[] b, int n) {
        int j = 0;
        for (int vn = DS.loopBound(n); j < vn; j += DS.length()) {
            DoubleVector.fromArray(DS, x, row + j).add(DoubleVector.fromArray(DS, b, j)).intoArray(x, row + j);
        }
        for (; j < n; j++) {
            x[row + j] += b[j];
        }
    }

    /**
     * Column sums, in row order for every column, in the operands' precision: a vector of columns is
     * summed down the rows at a time, then added to {@code out} when accumulating.
     */
    @Override
    public void gatherRows(Matrix src, int[] order, int from, int size, Matrix dst) {
        if (src.isFloat() && dst.isFloat() && src.cols() == dst.cols()) {
            RowGather.gather(src.floats(), src.cols(), order, from, size, dst.floats());
        } else {
            Kernels.super.gatherRows(src, order, from, size, dst);
        }
    }

    @Override
    public void sumRows(Matrix a, Matrix out, boolean accumulate) {
        int m = a.rows(), n = a.cols();
        Shapes.check("Σ rows", out.size() == n, a, out, out);
        if (a.isFloat()) {
            sumRows(a.floats(), m, n, out.floats(), accumulate);
        } else {
            sumRows(a.doubles(), m, n, out.doubles(), accumulate);
        }
    }

    private static void sumRows(float[] x, int m, int n, float[] o, boolean accumulate) {
        int j = 0;
        for (int vn = FS.loopBound(n); j < vn; j += FS.length()) {
            FloatVector s = FloatVector.zero(FS);
            for (int i = 0; i < m; i++) {
                s = s.add(FloatVector.fromArray(FS, x, i * n + j));
            }
            if (accumulate) {
                s = FloatVector.fromArray(FS, o, j).add(s);
            }
            s.intoArray(o, j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) {
                s += x[i * n + j];
            }
            o[j] = accumulate ? o[j] + s : s;
        }
    }

    private static void sumRows(double[] x, int m, int n, double[] o, boolean accumulate) {
        int j = 0;
        for (int vn = DS.loopBound(n); j < vn; j += DS.length()) {
            DoubleVector s = DoubleVector.zero(DS);
            for (int i = 0; i < m; i++) {
                s = s.add(DoubleVector.fromArray(DS, x, i * n + j));
            }
            if (accumulate) {
                s = DoubleVector.fromArray(DS, o, j).add(s);
            }
            s.intoArray(o, j);
        }
        for (; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += x[i * n + j];
            }
            o[j] = accumulate ? o[j] + s : s;
        }
    }

    @Override
    public void activationForward(Activation g, Matrix z, Matrix a) {
        if (!VectorActivations.forward(g, z, a)) {
            g.forward(z, a);
        }
    }

    @Override
    public void activationBackward(Activation g, Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        if (!VectorActivations.backward(g, z, a, gradA, gradZ)) {
            g.backward(z, a, gradA, gradZ);
        }
    }
}
