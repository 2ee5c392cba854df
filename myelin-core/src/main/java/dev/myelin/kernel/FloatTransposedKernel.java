package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * AVX2's tiles for a transposed A read in place: C[R×NR] (+)= op(A)·Bp with op(A) = Xᵀ, X row-major
 * with row stride lda (a weight gradient's Xᵀ·δ), Bp a packed B sliver. The R values op(A)[i..i+R)[p]
 * of one k step are R neighbours in row p of X, so each step broadcasts them from X and the next step
 * is lda further on. Every multiply-add, its order and the store into C are those of the
 * {@link FloatMicroKernel}, so the product has the same bits as with A packed (tested).
 *
 * <p>Why five rows: with 16 YMM registers the 6×NR k-major tile keeps one of its 12 accumulators on the
 * stack (see {@link FloatMicroKernel}), so AVX2 used to copy a transposed A as rows (a scalar
 * transpose, 26–42 µs of MNIST {@code small}'s 64×784×128 weight gradient) and read the copy with
 * {@link FloatUnpackedKernel}. Five rows need 10 accumulators, two B vectors and one broadcast: no
 * spill. Measured on AVX2 (Zen 5 under {@code -XX:UseAVX=2}), one process alternating the two: that
 * weight gradient alone 63–84 → 80–102 GFLOPS (a 6-row tile in place: 50, a 4-row one: 75); through
 * {@link FloatGemm} 52 → 58 GFLOPS, 64×784×512 56 → 77, 128×784×1,024 66 → 75; the {@code small}
 * training step 546 → 492 µs on 1 thread and 380 → 348 on 2. Not for row strides that are multiples of
 * 128 floats (every step in the same L1 sets: 128×1,024×1,024 went 64 → 56), see
 * {@link FloatGemm#readsATransposedInFives}. A remainder of four rows takes the four-row tile.
 *
 * <p>Kept apart from {@link FloatUnpackedKernel#tile4}, whose A steps by one along k (rows lda apart):
 * one kernel taking both strides as arguments would step k by a variable, and C2 removes the range
 * checks of a loop's array reads only for a constant step; each tile is unrolled by hand for the same
 * reason as the others (C2 keeps the accumulators in registers only then).
 */
final class FloatTransposedKernel {
    private static final VectorSpecies<Float> S = FloatMicroKernel.S;
    private static final int V = FloatMicroKernel.V;
    /** The rows of the main tile. */
    static final int ROWS = 5;

    private FloatTransposedKernel() {}

    /** A 5×NR tile: the 5 values of step p are a[ak + p·lda + r], r &lt; 5; see the class comment. */
    static void tile5(float[] a, int ak, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ak]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[ak + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[ak + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[ak + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, a[ak + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            bi += 2 * V;
            ak += lda;
        }
        if (load) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, ci));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, ci + V));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, ci + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, ci + 1 * ldc + V));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V));
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + 1 * ldc);
        c1_1.intoArray(c, ci + 1 * ldc + V);
        c2_0.intoArray(c, ci + 2 * ldc);
        c2_1.intoArray(c, ci + 2 * ldc + V);
        c3_0.intoArray(c, ci + 3 * ldc);
        c3_1.intoArray(c, ci + 3 * ldc + V);
        c4_0.intoArray(c, ci + 4 * ldc);
        c4_1.intoArray(c, ci + 4 * ldc + V);
    }

    /** A 4×NR tile: the 4 values of step p are a[ak + p·lda + r], r &lt; 4; see the class comment. */
    static void tile4(float[] a, int ak, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ak]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[ak + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[ak + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[ak + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            bi += 2 * V;
            ak += lda;
        }
        if (load) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, ci));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, ci + V));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, ci + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, ci + 1 * ldc + V));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + 1 * ldc);
        c1_1.intoArray(c, ci + 1 * ldc + V);
        c2_0.intoArray(c, ci + 2 * ldc);
        c2_1.intoArray(c, ci + 2 * ldc + V);
        c3_0.intoArray(c, ci + 3 * ldc);
        c3_1.intoArray(c, ci + 3 * ldc + V);
    }
}
