package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link FloatMicroKernel} tiles with A read in place instead of packed: C[MR×NR] (+)= A[MR×kc]·Bp,
 * where row r of A starts at {@code a[ar + r·lda]} (row-major, not transposed) and Bp is a packed
 * B sliver. Each k step broadcasts A[r][p] straight from A's rows; every multiply-add, its order and the
 * store into C are those of the packed kernel, so the two give the same bits (tested).
 *
 * <p>Why: packing A copies each value once for only n/NR uses of it. With few columns (a hidden
 * layer of 128 units in inference: 4 B slivers on AVX-512) the scalar, strided packing took about a
 * fifth of the product's time. The MR rows of a kc range (12 KB on AVX-512) stay in L1 across the
 * B slivers just as the packed sliver does. Used for row strides that spread the MR rows over L1's
 * sets ({@link FloatGemm#readsAInPlace}), and on AVX2 for every product: there {@link FloatGemm} copies
 * a block of A as rows when it cannot read them in place, since C2 compiles this kernel with its 12
 * accumulators in registers but spills one of the k-major packed kernel's (see {@link FloatMicroKernel}).
 */
final class FloatUnpackedKernel {
    private static final VectorSpecies<Float> S = FloatMicroKernel.S;
    private static final int V = FloatMicroKernel.V;
    static final int MR = FloatMicroKernel.MR;

    private FloatUnpackedKernel() {}

    /** One MR×NR tile: A's rows from a[ar] (stride lda), the packed B sliver at bi, C at ci (stride ldc). */
    static void tile(float[] a, int ar, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        if (MR == 12) {
            kernel12x2(a, ar, lda, bp, bi, kc, c, ci, ldc, load);
        } else {
            kernel6x2(a, ar, lda, bp, bi, kc, c, ci, ldc, load);
        }
    }

    static void kernel12x2(float[] a, int ar, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        int r1 = ar + 1 * lda;
        int r2 = ar + 2 * lda;
        int r3 = ar + 3 * lda;
        int r4 = ar + 4 * lda;
        int r5 = ar + 5 * lda;
        int r6 = ar + 6 * lda;
        int r7 = ar + 7 * lda;
        int r8 = ar + 8 * lda;
        int r9 = ar + 9 * lda;
        int r10 = ar + 10 * lda;
        int r11 = ar + 11 * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ar + p]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, a[r4 + p]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, a[r5 + p]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(S, a[r6 + p]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(S, a[r7 + p]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            FloatVector a8 = FloatVector.broadcast(S, a[r8 + p]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(S, a[r9 + p]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(S, a[r10 + p]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(S, a[r11 + p]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
            bi += 2 * V;
        }
        if (load) {
            FloatVector.fromArray(S, c, ci).add(c0_0).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + V).add(c0_1).intoArray(c, ci + V);
            FloatVector.fromArray(S, c, ci + 1 * ldc).add(c1_0).intoArray(c, ci + 1 * ldc);
            FloatVector.fromArray(S, c, ci + 1 * ldc + V).add(c1_1).intoArray(c, ci + 1 * ldc + V);
            FloatVector.fromArray(S, c, ci + 2 * ldc).add(c2_0).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + V).add(c2_1).intoArray(c, ci + 2 * ldc + V);
            FloatVector.fromArray(S, c, ci + 3 * ldc).add(c3_0).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + V).add(c3_1).intoArray(c, ci + 3 * ldc + V);
            FloatVector.fromArray(S, c, ci + 4 * ldc).add(c4_0).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + V).add(c4_1).intoArray(c, ci + 4 * ldc + V);
            FloatVector.fromArray(S, c, ci + 5 * ldc).add(c5_0).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + V).add(c5_1).intoArray(c, ci + 5 * ldc + V);
            FloatVector.fromArray(S, c, ci + 6 * ldc).add(c6_0).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc + V).add(c6_1).intoArray(c, ci + 6 * ldc + V);
            FloatVector.fromArray(S, c, ci + 7 * ldc).add(c7_0).intoArray(c, ci + 7 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc + V).add(c7_1).intoArray(c, ci + 7 * ldc + V);
            FloatVector.fromArray(S, c, ci + 8 * ldc).add(c8_0).intoArray(c, ci + 8 * ldc);
            FloatVector.fromArray(S, c, ci + 8 * ldc + V).add(c8_1).intoArray(c, ci + 8 * ldc + V);
            FloatVector.fromArray(S, c, ci + 9 * ldc).add(c9_0).intoArray(c, ci + 9 * ldc);
            FloatVector.fromArray(S, c, ci + 9 * ldc + V).add(c9_1).intoArray(c, ci + 9 * ldc + V);
            FloatVector.fromArray(S, c, ci + 10 * ldc).add(c10_0).intoArray(c, ci + 10 * ldc);
            FloatVector.fromArray(S, c, ci + 10 * ldc + V).add(c10_1).intoArray(c, ci + 10 * ldc + V);
            FloatVector.fromArray(S, c, ci + 11 * ldc).add(c11_0).intoArray(c, ci + 11 * ldc);
            FloatVector.fromArray(S, c, ci + 11 * ldc + V).add(c11_1).intoArray(c, ci + 11 * ldc + V);
        } else {
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
            c5_0.intoArray(c, ci + 5 * ldc);
            c5_1.intoArray(c, ci + 5 * ldc + V);
            c6_0.intoArray(c, ci + 6 * ldc);
            c6_1.intoArray(c, ci + 6 * ldc + V);
            c7_0.intoArray(c, ci + 7 * ldc);
            c7_1.intoArray(c, ci + 7 * ldc + V);
            c8_0.intoArray(c, ci + 8 * ldc);
            c8_1.intoArray(c, ci + 8 * ldc + V);
            c9_0.intoArray(c, ci + 9 * ldc);
            c9_1.intoArray(c, ci + 9 * ldc + V);
            c10_0.intoArray(c, ci + 10 * ldc);
            c10_1.intoArray(c, ci + 10 * ldc + V);
            c11_0.intoArray(c, ci + 11 * ldc);
            c11_1.intoArray(c, ci + 11 * ldc + V);
        }
    }

    static void kernel6x2(float[] a, int ar, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        int r1 = ar + 1 * lda;
        int r2 = ar + 2 * lda;
        int r3 = ar + 3 * lda;
        int r4 = ar + 4 * lda;
        int r5 = ar + 5 * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ar + p]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, a[r4 + p]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, a[r5 + p]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            bi += 2 * V;
        }
        if (load) {
            FloatVector.fromArray(S, c, ci).add(c0_0).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + V).add(c0_1).intoArray(c, ci + V);
            FloatVector.fromArray(S, c, ci + 1 * ldc).add(c1_0).intoArray(c, ci + 1 * ldc);
            FloatVector.fromArray(S, c, ci + 1 * ldc + V).add(c1_1).intoArray(c, ci + 1 * ldc + V);
            FloatVector.fromArray(S, c, ci + 2 * ldc).add(c2_0).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + V).add(c2_1).intoArray(c, ci + 2 * ldc + V);
            FloatVector.fromArray(S, c, ci + 3 * ldc).add(c3_0).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + V).add(c3_1).intoArray(c, ci + 3 * ldc + V);
            FloatVector.fromArray(S, c, ci + 4 * ldc).add(c4_0).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + V).add(c4_1).intoArray(c, ci + 4 * ldc + V);
            FloatVector.fromArray(S, c, ci + 5 * ldc).add(c5_0).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + V).add(c5_1).intoArray(c, ci + 5 * ldc + V);
        } else {
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
            c5_0.intoArray(c, ci + 5 * ldc);
            c5_1.intoArray(c, ci + 5 * ldc + V);
        }
    }

    /**
     * A 4×NR tile with A's rows read in place: the last rows of a product whose row count is not a
     * multiple of MR (a batch of 64 is five 12-row tiles and four rows on AVX-512), computed without
     * the zero rows of a padded sliver. The same multiply-adds in the same order as {@link #tile}.
     */
    static void tile4(float[] a, int ar, int lda, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        int r1 = ar + lda, r2 = ar + 2 * lda, r3 = ar + 3 * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ar + p]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            bi += 2 * V;
        }
        if (load) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, ci));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, ci + V));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, ci + ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, ci + ldc + V));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + ldc);
        c1_1.intoArray(c, ci + ldc + V);
        c2_0.intoArray(c, ci + 2 * ldc);
        c2_1.intoArray(c, ci + 2 * ldc + V);
        c3_0.intoArray(c, ci + 3 * ldc);
        c3_1.intoArray(c, ci + 3 * ldc + V);
    }
}
