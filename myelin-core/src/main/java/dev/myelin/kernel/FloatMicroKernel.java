package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled float32 micro-kernels: C[MR×NR] (+)= Ap·Bp over one k-block, where Ap is a packed
 * sliver of MR rows of A (k-major) and Bp a packed sliver of NR = 2 vectors of columns of B (NR
 * values per step). Each step takes the MR values of A as vectors and does 2·MR fused multiply-adds
 * into accumulators that stay in registers for the whole k-block.
 *
 * <p>One kernel per vector shape, each fitting its register file:
 * <ul>
 *   <li>16 lanes or more (AVX-512, 32 registers): {@link #MR} = 12, 24 accumulators; A is packed as
 *       plain values (MR per step) and broadcast in the loop ({@code vbroadcastss} from memory).
 *   <li>8 lanes (AVX2, 16 YMM registers): MR = 6, 12 accumulators, A broadcast in the loop; but
 *       {@link FloatGemm} never hands this kernel packed A there: it reads A's rows with
 *       {@link FloatUnpackedKernel} (in place, or copied as rows). With A packed k-major, C2 hoisted three
 *       broadcasts into registers and kept an accumulator on the stack (17 of 16 YMM registers; seen
 *       in {@code -XX:+PrintAssembly}'s code disassembled under {@code -XX:UseAVX=2}). The pre-broadcast
 *       packing used until now instead (each A value stored V times, loaded whole) wrote eight copies of
 *       A; reading A's rows measured 12–25 % faster than it, in one process alternating the two
 *       (n = 1,000 AB on 1 thread 81 → 102 GFLOPS; n = 1,024 on 2 threads AB 155 → 184, AᵀB 150 → 168).
 *   <li>4 lanes (128-bit: SSE, NEON): MR = 6 with A broadcast in the loop; pre-broadcast packing was
 *       measured 10–16 % slower there (four times the packing for a smaller gain in the loop).
 * </ul>
 * Accumulators start at zero; at the end the tile is stored into C, or added to C when {@code load}
 * is set, so every element sees the same arithmetic whatever tile or thread computed it.
 */
final class FloatMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int NR = 2 * V;
    static final int MR = V >= 16 ? 12 : 6;

    private FloatMicroKernel() {}

    /** One MR×NR tile: ap/bp packed slivers at ai/bi, C at ci with row stride ldc. */
    static void tile(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        tile(ap, ai, MR, bp, bi, kc, c, ci, ldc, load);
    }

    /**
     * One MR×NR tile whose A values for step p are the MR neighbours {@code ap[ai + p·ka ..]}: a packed
     * sliver ({@code ka} = MR), or a transposed A read in place (A = Xᵀ with X row-major: the MR values
     * of one step are a row of X, {@code ka} its row stride).
     */
    static void tile(float[] ap, int ai, int ka, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        if (MR == 12) {
            kernel12x2(ap, ai, ka, bp, bi, kc, c, ci, ldc, load);
        } else {
            kernel6x2(ap, ai, ka, bp, bi, kc, c, ci, ldc, load);
        }
    }

    static void kernel12x2(float[] ap, int ai, int ka, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
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
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
            ai += ka;
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

    /** The 6×2V tile with A packed plain and broadcast in the loop (the 128-bit shape). */
    static void kernel6x2(float[] ap, int ai, int ka, float[] bp, int bi, int kc, float[] c, int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            ai += ka;
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
}
