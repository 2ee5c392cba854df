package dev.myelin.kernel;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A dense layer's weight gradient for a small batch, unpacked: ∂E/∂W = Xᵀ·δ, that is
 * C[k×n] = A[m×k]ᵀ·B[m×n] with m (the batch) at most {@link FloatGemm#KC} and few columns
 * (n ≤ {@link #MAX_COLS}: a narrow layer or an output layer). Row p of C is the sum over the batch of
 * outer-product rows, C[p][·] = Σᵢ A[i][p]·B[i][·]: for a group of rows p, the batch row i of B is
 * loaded once and multiplied into each row's accumulators by A[i][p], broadcast from A itself
 * (A[i][p..p+7] are neighbours in memory). The packed product would instead transpose-pack A and pad
 * every tile to 2·V columns for a handful of multiply-adds per value (nielsen's 784×30 gradient from a
 * batch of 10: 30 of 32 columns, k = 10).
 *
 * <p><b>Same bits as the packed product.</b> Each element is a chain of fused multiply-adds in batch
 * order started at zero, exactly what {@link FloatMicroKernel} computes for one k-block (m ≤ KC makes
 * the batch one k-block), so choosing this path changes speed only, never a seeded training run.
 *
 * <p><b>No masks, no scratch pass over C.</b> B is copied once into rows padded with zeros to whole
 * vectors; each row of C is stored as whole vectors, and the padding lanes (exact zeros) spill into
 * the head of the next rows of C, which are stored afterwards (rows go in increasing order). The last
 * rows, whose whole vectors would pass the end of C, are stored through a one-row scratch. Runs on the
 * calling thread: it takes only products under {@link KernelPool#parallelFlops()}.
 */
final class FloatWeightGradient {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** The widest C this path takes: four vectors. */
    static final int MAX_COLS = 4 * V;

    private FloatWeightGradient() {}

    /** Per-thread scratch: B padded to whole vectors, and one row of C. */
    private static final class Scratch {
        float[] b = new float[0];
        final float[] row = new float[MAX_COLS];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Whether C[k×n] = A[m×k]ᵀ·B[m×n] (overwriting C) is taken here. */
    static boolean takes(int m, int n, int k) {
        return m >= 1 && m <= FloatGemm.KC && n >= 1 && n <= MAX_COLS && k >= 1
                && 2L * m * n * k < KernelPool.parallelFlops();
    }

    /**
     * C = Aᵀ·B, overwriting C: A is m×k with row stride lda, B is m×n with row stride ldb, C is k×n
     * with row stride n (its first k·n values are written, nothing past them). Requires {@link #takes}.
     */
    static void atb(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c) {
        Scratch scratch = SCRATCH.get();
        int vectors = (n + V - 1) / V;
        int width = vectors * V;
        if (scratch.b.length < m * width) {
            scratch.b = new float[m * width];
        }
        float[] bp = scratch.b;
        for (int i = 0; i < m; i++) {
            System.arraycopy(b, i * ldb, bp, i * width, n);
            Arrays.fill(bp, i * width + n, (i + 1) * width, 0f);
        }
        int end = k * n;
        int rows = vectors == 1 ? 8 : vectors == 2 ? 4 : 2;
        int p = 0;
        // a group of rows stores whole vectors only while its last row's vectors end within C
        for (; p + rows <= k && (p + rows - 1) * n + width <= end; p += rows) {
            switch (vectors) {
                case 1 -> rows8x1(m, a, lda, p, bp, c, n);
                case 2 -> rows4x2(m, a, lda, p, bp, c, n);
                default -> rows2x4(m, a, lda, p, bp, width, c, n);
            }
        }
        float[] t = scratch.row;
        for (; p < k; p++) {
            for (int v = 0; v < vectors; v++) {
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < m; i++) {
                    acc = FloatVector.broadcast(S, a[i * lda + p]).fma(FloatVector.fromArray(S, bp, i * width + v * V), acc);
                }
                acc.intoArray(t, v * V);
            }
            System.arraycopy(t, 0, c, p * n, n);
        }
    }

    /** Rows p..p+7 of C, one vector each (n ≤ V). */
    private static void rows8x1(int m, float[] a, int lda, int p, float[] bp, float[] c, int n) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            FloatVector bv = FloatVector.fromArray(S, bp, i * V);
            int ai = i * lda + p;
            c0 = FloatVector.broadcast(S, a[ai]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(bv, c3);
            c4 = FloatVector.broadcast(S, a[ai + 4]).fma(bv, c4);
            c5 = FloatVector.broadcast(S, a[ai + 5]).fma(bv, c5);
            c6 = FloatVector.broadcast(S, a[ai + 6]).fma(bv, c6);
            c7 = FloatVector.broadcast(S, a[ai + 7]).fma(bv, c7);
        }
        int ci = p * n; // row by row: each store's padding lanes land on later rows, stored after it
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + n);
        c2.intoArray(c, ci + 2 * n);
        c3.intoArray(c, ci + 3 * n);
        c4.intoArray(c, ci + 4 * n);
        c5.intoArray(c, ci + 5 * n);
        c6.intoArray(c, ci + 6 * n);
        c7.intoArray(c, ci + 7 * n);
    }

    /** Rows p..p+3 of C, two vectors each (V < n ≤ 2V). */
    private static void rows4x2(int m, float[] a, int lda, int p, float[] bp, float[] c, int n) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, i * 2 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, i * 2 * V + V);
            int ai = i * lda + p;
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        int ci = p * n;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + n);
        c11.intoArray(c, ci + n + V);
        c20.intoArray(c, ci + 2 * n);
        c21.intoArray(c, ci + 2 * n + V);
        c30.intoArray(c, ci + 3 * n);
        c31.intoArray(c, ci + 3 * n + V);
    }

    /** Rows p, p+1 of C, four vectors each (2V < n ≤ 4V; the fourth may be wholly padding). */
    private static void rows2x4(int m, float[] a, int lda, int p, float[] bp, int width, float[] c, int n) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        boolean four = width == 4 * V;
        for (int i = 0; i < m; i++) {
            int bi = i * width;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * V);
            FloatVector b3 = four ? FloatVector.fromArray(S, bp, bi + 3 * V) : FloatVector.zero(S);
            int ai = i * lda + p;
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
        }
        int ci = p * n;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c02.intoArray(c, ci + 2 * V);
        if (four) {
            c03.intoArray(c, ci + 3 * V);
        }
        c10.intoArray(c, ci + n);
        c11.intoArray(c, ci + n + V);
        c12.intoArray(c, ci + n + 2 * V);
        if (four) {
            c13.intoArray(c, ci + n + 3 * V);
        }
    }
}
