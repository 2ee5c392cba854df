package dev.myelin.kernel;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packing of {@link FloatGemm}: blocks of op(A) into MR-row slivers (k-major) or copied as rows
 * (for {@link FloatUnpackedKernel}), and panels of op(B) into NR-column slivers (k-major), all
 * zero-padded to whole slivers, for the four layouts (A or B stored plain or transposed).
 */
final class FloatPacking {
    private static final VectorSpecies<Float> S = FloatMicroKernel.S;
    private static final int V = FloatMicroKernel.V;
    private static final int MR = FloatMicroKernel.MR;
    private static final int NR = FloatMicroKernel.NR;

    private FloatPacking() {}

    /**
     * Packs op(A) rows [ic, ic+mc) × k [pc, pc+kc) into MR-row slivers: pa[s·kc + p·MR + r] (rows past
     * mc are zeros).
     */
    static void packA(float[] a, int lda, int ic, int mc, int pc, int kc, float[] pa) {
        for (int s = 0; s < mc; s += MR) {
            int base = s * kc;
            int rows = Math.min(MR, mc - s);
            for (int r = 0; r < rows; r++) {
                int src = (ic + s + r) * lda + pc;
                for (int p = 0; p < kc; p++) {
                    pa[base + p * MR + r] = a[src + p];
                }
            }
            for (int r = rows; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    pa[base + p * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * Copies op(A) rows [ic, ic+mc) × k [pc, pc+kc) as rows: pa[off + r·sa + p] = op(A)[ic + r][pc + p],
     * for the kernels that read A's rows in place ({@link FloatUnpackedKernel}); rows from mc up to a
     * whole sliver are zeros.
     */
    static void packARows(float[] a, int lda, boolean ta, int ic, int mc, int pc, int kc, float[] pa, int off, int sa) {
        if (!ta) {
            for (int r = 0; r < mc; r++) {
                System.arraycopy(a, (ic + r) * lda + pc, pa, off + r * sa, kc);
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = (pc + p) * lda + ic;
                int dst = off + p;
                for (int r = 0; r < mc; r++) {
                    pa[dst + r * sa] = a[src + r];
                }
            }
        }
        int rows = (mc + MR - 1) / MR * MR;
        for (int r = mc; r < rows; r++) {
            Arrays.fill(pa, off + r * sa, off + r * sa + kc, 0f);
        }
    }

    /** As {@link #packA} for A stored transposed: op(A)[i][p] = a[p·lda + i]; reads rows of a in order. */
    static void packATransposed(float[] a, int lda, int ic, int mc, int pc, int kc, float[] pa) {
        int full = mc / MR * MR;
        for (int p = 0; p < kc; p++) {
            int src = (pc + p) * lda + ic;
            for (int s = 0; s < full; s += MR) {
                int dst = s * kc + p * MR;
                for (int r = 0; r < MR; r++) {
                    pa[dst + r] = a[src + s + r];
                }
            }
            if (full < mc) {
                int dst = full * kc + p * MR;
                for (int r = 0; r < MR; r++) {
                    pa[dst + r] = full + r < mc ? a[src + full + r] : 0f;
                }
            }
        }
    }

    /** Packs op(B) k [pc, pc+kc) × columns [jc, jc+nc) into NR-column slivers: pb[off + s·kc + p·NR + q]. */
    static void packB(float[] b, int ldb, int pc, int kc, int jc, int nc, float[] pb, int off) {
        int full = nc / NR * NR;
        for (int p = 0; p < kc; p++) {
            int src = (pc + p) * ldb + jc;
            for (int s = 0; s < full; s += NR) {
                int dst = off + s * kc + p * NR;
                FloatVector.fromArray(S, b, src + s).intoArray(pb, dst);
                FloatVector.fromArray(S, b, src + s + V).intoArray(pb, dst + V);
            }
            if (full < nc) {
                int dst = off + full * kc + p * NR;
                System.arraycopy(b, src + full, pb, dst, nc - full);
                Arrays.fill(pb, dst + nc - full, dst + NR, 0f);
            }
        }
    }

    /**
     * As {@link #packB} for B stored transposed: op(B)[p][j] = b[j·ldb + p]. The same loops as
     * {@link #packA} with NR for MR, kept apart: one method taking the sliver width as an argument made
     * the 64×784×128 δ·Wᵀ product 25 % slower (120 → 90 GFLOPS), a constant width compiles better.
     */
    static void packBTransposed(float[] b, int ldb, int pc, int kc, int jc, int nc, float[] pb, int off) {
        for (int s = 0; s < nc; s += NR) {
            int base = off + s * kc;
            int cols = Math.min(NR, nc - s);
            for (int q = 0; q < cols; q++) {
                int src = (jc + s + q) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    pb[base + p * NR + q] = b[src + p];
                }
            }
            for (int q = cols; q < NR; q++) {
                for (int p = 0; p < kc; p++) {
                    pb[base + p * NR + q] = 0f;
                }
            }
        }
    }
}
