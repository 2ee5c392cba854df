package dev.myelin.kernel;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 C[m×n] (+)= A[m×k]·B[k×n] with few columns (two vectors: a classifier's output layer, 10
 * classes; on AVX2 up to four, see {@link #takes}), where the packed product would pad every tile to
 * 2·V columns and pack A for a handful of multiply-adds per value. Unpacked instead: for each group of
 * rows, row p of B is loaded once (from a copy padded with zeros to whole vectors) and multiplied into
 * each row's accumulators by A[i][p], broadcast from A itself: 8 rows of one vector when n ≤ V, 4 rows
 * of two when n ≤ 2V, else 2 rows of four; eight independent accumulators keep both FMA pipes busy and
 * fit 16 registers.
 *
 * <p>Every element is summed exactly as the packed product sums it: fused multiply-adds in p order
 * within the same k-blocks of at most {@link FloatGemm#KC}, each block's sum started at zero and added
 * to C in k order. The result is therefore bit-identical to the packed path (choosing this path
 * changes speed only, never a seeded training run) and the same for any split of the rows: products
 * of at least a quarter of {@link KernelPool#parallelFlops()} split the rows over the threads. A quarter,
 * because nothing is packed here, so a second thread pays for itself on a smaller product: the output
 * layer of batch-1,000 inference of {@code small} (1,000 × 128 × 10, 2.6 MFLOPs, with its softmax) went
 * from 63 to 35 µs on two threads.
 */
final class FloatNarrowGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** The widest C this path takes: two vectors, four on AVX2 (see {@link #takes}). */
    static final int MAX_COLS = V == 8 ? 4 * V : 2 * V;

    /**
     * Whether C[m×n] = A·B is computed here rather than packed: up to two vectors of columns always;
     * on AVX2 up to four (2 rows × 4 vectors, eight accumulators) when the packed product would pad
     * its last column sliver (n not a multiple of 2V) or has few rows (m &lt; 64). Measured on AVX2,
     * one process alternating the two paths, GFLOPS: 10×784×30 (nielsen's hidden layer, batch 10)
     * 44 → 63, 256×1024×30 70 → 82, 32×784×32 69 → 80; but 64×784×32 93 → 85 and 1,000×784×32
     * 100 → 85, so whole slivers with many rows stay packed. A training step of nielsen on AVX2:
     * 27.9 → 25.0 µs. Depends only on the shape, and both paths give the same bits.
     */
    static boolean takes(int m, int n) {
        return n <= 2 * V || n <= MAX_COLS && (m < 64 || n % (2 * V) != 0);
    }
    /** Rows per group (work is split between threads in whole groups of this many rows). */
    static final int ROWS = 8;

    private FloatNarrowGemm() {}

    /** One product split into {@code parts} bands of whole row groups. */
    private static final class Job implements KernelPool.Job {
        int m, n, k, lda, ldb, ldc, parts;
        float[] a, b, c;
        boolean accumulate;
        FloatEpilogue epilogue;

        @Override
        public void run(int part) {
            rows(FloatGemm.band(m, ROWS, part, parts), FloatGemm.band(m, ROWS, part + 1, parts), n, k, a, lda, b, ldb,
                    c, ldc, accumulate, epilogue);
        }
    }

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    /** C (+)= A·B, then the epilogue (if any) on every row; requires {@link #takes}. */
    static void ab(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
            boolean accumulate, FloatEpilogue epilogue) {
        int groups = (m + ROWS - 1) / ROWS;
        int parts = 2L * m * n * k < KernelPool.parallelFlops() / 4 ? 1 : Math.min(KernelPool.threads(), groups);
        if (parts <= 1) {
            rows(0, m, n, k, a, lda, b, ldb, c, ldc, accumulate, epilogue);
            return;
        }
        Job job = JOB.get();
        job.m = m;
        job.n = n;
        job.k = k;
        job.a = a;
        job.lda = lda;
        job.b = b;
        job.ldb = ldb;
        job.c = c;
        job.ldc = ldc;
        job.accumulate = accumulate;
        job.epilogue = epilogue;
        job.parts = parts;
        try {
            KernelPool.run(job, parts);
        } finally {
            job.a = job.b = job.c = null;
            job.epilogue = null;
        }
    }

    /** Per-thread scratch: B padded with zero columns to whole vectors, and one group of rows of C. */
    private static final class Scratch {
        float[] b = new float[0];
        /** C's rows of the group (whole vectors), summed over the k-blocks. */
        final float[] rows = new float[ROWS * 2 * V];
        /** One k-block's product for the group. */
        final float[] part = new float[ROWS * 2 * V];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Rows [i0, i1) of C, in groups of 8 (n ≤ V), 4 (n ≤ 2V) or 2 rows, the last ones two at a time (then one). The loops
     * use no masks (B is padded, each group is summed whole in the scratch and then its n columns
     * copied into C): masked vector operations made C2 box vectors here, an allocation per row.
     */
    private static void rows(int i0, int i1, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c,
            int ldc, boolean accumulate, FloatEpilogue epilogue) {
        Scratch scratch = SCRATCH.get();
        int width = n <= V ? V : n <= 2 * V ? 2 * V : 4 * V;
        if (scratch.b.length < k * width) {
            scratch.b = new float[k * width];
        }
        float[] bp = scratch.b, t = scratch.rows;
        padB(b, ldb, k, n, width, bp);
        int kBlocks = (k + FloatGemm.KC - 1) / FloatGemm.KC;
        int i = i0;
        for (; i < i1; ) {
            int rows = width == V ? ROWS : width == 2 * V ? 4 : 2;
            if (i + rows > i1) {
                rows = i1 - i >= 2 ? 2 : 1; // two rows' chains at once: a lone row waits on each FMA's latency
            }
            int ar = i * lda, ci = i * ldc;
            if (accumulate) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, ci + r * ldc, t, r * width, n);
                }
            }
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
                boolean add = accumulate || kb > 0;
                float[] dst = add ? scratch.part : t;
                if (rows == ROWS) {
                    group8(a, ar + pc, lda, bp, pc * width, kc, dst);
                } else if (rows == 4) {
                    group4x2(a, ar + pc, lda, bp, pc * width, kc, dst);
                } else if (rows == 2 && width == 4 * V) {
                    group2x4(a, ar + pc, lda, bp, pc * width, kc, dst);
                } else if (rows == 2) {
                    group2(a, ar + pc, lda, bp, pc * width, kc, width, dst);
                } else {
                    row(a, ar + pc, bp, pc * width, kc, width, dst);
                }
                if (add) {
                    for (int q = 0; q < rows * width; q += V) {
                        FloatVector.fromArray(S, t, q).add(FloatVector.fromArray(S, dst, q)).intoArray(t, q);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, r * width, c, ci + r * ldc, n);
            }
            i += rows;
        }
        if (epilogue != null) {
            epilogue.apply(c, i0 * ldc, ldc, i1 - i0, 0, n);
        }
    }

    /**
     * B's k rows into bp, each padded with zeros to {@code width}: whole vectors copied while they lie
     * within b (the lanes past n read the next row's values), then those lanes set to zero; the last
     * rows, whose vectors would pass the end of b, by arraycopy. (An arraycopy and a fill per row took
     * 8.6 of the 13.8 µs of nielsen's 10×784×30 forward product.)
     */
    private static void padB(float[] b, int ldb, int k, int n, int width, float[] bp) {
        int p = 0;
        for (; p < k && p * ldb + width <= b.length; p++) {
            int src = p * ldb, dst = p * width;
            for (int v = 0; v < width; v += V) {
                FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
            }
            for (int j = n; j < width; j++) {
                bp[dst + j] = 0f;
            }
        }
        for (; p < k; p++) {
            System.arraycopy(b, p * ldb, bp, p * width, n);
            Arrays.fill(bp, p * width + n, (p + 1) * width, 0f);
        }
    }

    /** One row of A (from ar) times kc rows of the padded B (from bi, row stride width) into t (1 × width). */
    private static void row(float[] a, int ar, float[] bp, int bi, int kc, int width, float[] t) {
        FloatVector s = FloatVector.zero(S), u = s, s2 = s, u2 = s;
        for (int p = 0; p < kc; p++, bi += width) {
            FloatVector x = FloatVector.broadcast(S, a[ar + p]);
            s = x.fma(FloatVector.fromArray(S, bp, bi), s);
            if (width > V) {
                u = x.fma(FloatVector.fromArray(S, bp, bi + V), u);
            }
            if (width > 2 * V) {
                s2 = x.fma(FloatVector.fromArray(S, bp, bi + 2 * V), s2);
                u2 = x.fma(FloatVector.fromArray(S, bp, bi + 3 * V), u2);
            }
        }
        s.intoArray(t, 0);
        if (width > V) {
            u.intoArray(t, V);
        }
        if (width > 2 * V) {
            s2.intoArray(t, 2 * V);
            u2.intoArray(t, 3 * V);
        }
    }

    /** Two rows of A (from ar, stride lda) times kc rows of the padded B (from bi, row stride width) into t (2 × width). */
    private static void group2(float[] a, int ar, int lda, float[] bp, int bi, int kc, int width, float[] t) {
        FloatVector s0 = FloatVector.zero(S), u0 = s0, s1 = s0, u1 = s0;
        for (int p = 0; p < kc; p++, bi += width) {
            FloatVector x0 = FloatVector.broadcast(S, a[ar + p]);
            FloatVector x1 = FloatVector.broadcast(S, a[ar + lda + p]);
            FloatVector w0 = FloatVector.fromArray(S, bp, bi);
            s0 = x0.fma(w0, s0);
            s1 = x1.fma(w0, s1);
            if (width > V) {
                FloatVector w1 = FloatVector.fromArray(S, bp, bi + V);
                u0 = x0.fma(w1, u0);
                u1 = x1.fma(w1, u1);
            }
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, width);
        if (width > V) {
            u0.intoArray(t, V);
            u1.intoArray(t, width + V);
        }
    }

    /** Eight rows of A (from ar, stride lda) times kc rows of the padded B (from bi, k × V) into t (8 × V). */
    private static void group8(float[] a, int ar, int lda, float[] bp, int bi, int k, float[] t) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++, bi += V) {
            FloatVector w = FloatVector.fromArray(S, bp, bi);
            int q = ar + p;
            s0 = FloatVector.broadcast(S, a[q]).fma(w, s0);
            s1 = FloatVector.broadcast(S, a[q + lda]).fma(w, s1);
            s2 = FloatVector.broadcast(S, a[q + 2 * lda]).fma(w, s2);
            s3 = FloatVector.broadcast(S, a[q + 3 * lda]).fma(w, s3);
            s4 = FloatVector.broadcast(S, a[q + 4 * lda]).fma(w, s4);
            s5 = FloatVector.broadcast(S, a[q + 5 * lda]).fma(w, s5);
            s6 = FloatVector.broadcast(S, a[q + 6 * lda]).fma(w, s6);
            s7 = FloatVector.broadcast(S, a[q + 7 * lda]).fma(w, s7);
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, V);
        s2.intoArray(t, 2 * V);
        s3.intoArray(t, 3 * V);
        s4.intoArray(t, 4 * V);
        s5.intoArray(t, 5 * V);
        s6.intoArray(t, 6 * V);
        s7.intoArray(t, 7 * V);
    }

    /** Four rows of A times kc rows of the padded B (from bi, k × 2V) into t (4 × 2V). */
    private static void group4x2(float[] a, int ar, int lda, float[] bp, int bi, int k, float[] t) {
        FloatVector s0 = FloatVector.zero(S), u0 = s0, s1 = s0, u1 = s0, s2 = s0, u2 = s0, s3 = s0, u3 = s0;
        for (int p = 0; p < k; p++, bi += 2 * V) {
            FloatVector w0 = FloatVector.fromArray(S, bp, bi);
            FloatVector w1 = FloatVector.fromArray(S, bp, bi + V);
            int q = ar + p;
            FloatVector x0 = FloatVector.broadcast(S, a[q]);
            s0 = x0.fma(w0, s0);
            u0 = x0.fma(w1, u0);
            FloatVector x1 = FloatVector.broadcast(S, a[q + lda]);
            s1 = x1.fma(w0, s1);
            u1 = x1.fma(w1, u1);
            FloatVector x2 = FloatVector.broadcast(S, a[q + 2 * lda]);
            s2 = x2.fma(w0, s2);
            u2 = x2.fma(w1, u2);
            FloatVector x3 = FloatVector.broadcast(S, a[q + 3 * lda]);
            s3 = x3.fma(w0, s3);
            u3 = x3.fma(w1, u3);
        }
        s0.intoArray(t, 0);
        u0.intoArray(t, V);
        s1.intoArray(t, 2 * V);
        u1.intoArray(t, 3 * V);
        s2.intoArray(t, 4 * V);
        u2.intoArray(t, 5 * V);
        s3.intoArray(t, 6 * V);
        u3.intoArray(t, 7 * V);
    }

    /** Two rows of A times kc rows of the padded B (from bi, k × 4V) into t (2 × 4V): eight accumulators, AVX2's widest. */
    private static void group2x4(float[] a, int ar, int lda, float[] bp, int bi, int k, float[] t) {
        FloatVector s0 = FloatVector.zero(S), u0 = s0, v0 = s0, w0 = s0, s1 = s0, u1 = s0, v1 = s0, w1 = s0;
        for (int p = 0; p < k; p++, bi += 4 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * V);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * V);
            FloatVector x0 = FloatVector.broadcast(S, a[ar + p]);
            s0 = x0.fma(b0, s0);
            u0 = x0.fma(b1, u0);
            v0 = x0.fma(b2, v0);
            w0 = x0.fma(b3, w0);
            FloatVector x1 = FloatVector.broadcast(S, a[ar + lda + p]);
            s1 = x1.fma(b0, s1);
            u1 = x1.fma(b1, u1);
            v1 = x1.fma(b2, v1);
            w1 = x1.fma(b3, w1);
        }
        s0.intoArray(t, 0);
        u0.intoArray(t, V);
        v0.intoArray(t, 2 * V);
        w0.intoArray(t, 3 * V);
        s1.intoArray(t, 4 * V);
        u1.intoArray(t, 5 * V);
        v1.intoArray(t, 6 * V);
        w1.intoArray(t, 7 * V);
    }
}
