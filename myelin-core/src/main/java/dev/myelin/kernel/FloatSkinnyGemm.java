package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 products with very few output rows (m ≤ {@link #MAX_ROWS}: a batch of a few), where
 * packing would cost more than it saves. Computed on the calling thread, unpacked, row by row:
 *
 * <ul>
 *   <li>{@code C = A·B} (B row-major k×n): for each strip of 8 vectors of columns, then of 4, the
 *       rows of B are streamed in k order into one vector accumulator per vector of columns (a whole
 *       strip of a row is one contiguous read; 8 independent chains keep a batch of one from being
 *       bound by the multiply-add latency); the last columns use masks. Measured for 784×128 (the
 *       {@code small} network's first layer, one row, AVX-512): 4.6 µs with 4-vector strips, 2.5 µs
 *       with 8-vector strips (128-bit: 13.5 and 6.0). Splitting a chain (even and odd k apart) was
 *       also faster but changes the rounding of every product with few rows, and with it seeded training.
 *       Steps where the row of A is zero are skipped ({@link #nonzeroRuns}): their terms are ±0, which
 *       leave every chain's value as it was (the bits too, for a chain that starts at +0), so the
 *       result is the full chain's. One consequence: a zero input no longer meets its row of B, so a
 *       non-finite weight there does not make the output NaN (a model file with one is refused on
 *       load). The small network's first layer, on MNIST test images (81 % zeros), in one process
 *       against the dense loop: 3.8 → 1.1 µs on AVX-512, 4.8 → 1.3 µs on AVX2; on a row with no
 *       zeros, 4.0 → 4.4 and 4.8 → 4.9 µs (the scan, and a loop over runs around the loop over steps).
 *   <li>{@code C = A·Bᵀ} (B stored n×k): each element is a dot product of two contiguous rows, summed
 *       in 4 vector accumulators (lane j holds the terms p ≡ j mod V), then reduced in a fixed order; only when k ≥ {@link #MIN_DOT}.
 * </ul>
 *
 * Which path runs depends only on the shape, so results do not depend on the thread count.
 */
final class FloatSkinnyGemm {
    static final int MAX_ROWS = 4;
    /** A·Bᵀ goes by dot products only when they are this long; shorter ones are better packed. */
    static final int MIN_DOT = 8 * FloatVector.SPECIES_PREFERRED.length();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** One bit per lane. */
    private static final long LANES = (1L << V) - 1;

    private FloatSkinnyGemm() {}

    /**
     * C[m×n] (+)= A[m×k]·B[k×n]; {@code runs} holds at least k + 1 ints. Each row of A's steps p
     * with a[i][p] = 0 are skipped: the row's runs of nonzero steps are found first
     * ({@link #nonzeroRuns}), and each strip streams only their rows of B. An MNIST image is 81 % zeros
     * (142 nonzero pixels in 25 runs on average over the test images), a one-hot CSV column mostly
     * zeros, and a step is a whole row of B read from L2.
     */
    static void ab(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
            boolean accumulate, int[] runs) {
        int w8 = n / (8 * V) * (8 * V);
        int w4 = n / (4 * V) * (4 * V);
        for (int i = 0; i < m; i++) {
            int ar = i * lda, cr = i * ldc;
            int ends = nonzeroRuns(a, ar, k, runs);
            int j = 0;
            for (; j < w8; j += 8 * V) {
                // eight vectors of each row of B: one contiguous stream, eight independent chains
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (int r = 0; r < ends; r += 2) {
                    for (int p = runs[r], end = runs[r + 1], bi = p * ldb + j; p < end; p++, bi += ldb) {
                        FloatVector x = FloatVector.broadcast(S, a[ar + p]);
                        s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                        s1 = x.fma(FloatVector.fromArray(S, b, bi + V), s1);
                        s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * V), s2);
                        s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * V), s3);
                        s4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * V), s4);
                        s5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * V), s5);
                        s6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * V), s6);
                        s7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * V), s7);
                    }
                }
                store(s0, c, cr + j, accumulate);
                store(s1, c, cr + j + V, accumulate);
                store(s2, c, cr + j + 2 * V, accumulate);
                store(s3, c, cr + j + 3 * V, accumulate);
                store(s4, c, cr + j + 4 * V, accumulate);
                store(s5, c, cr + j + 5 * V, accumulate);
                store(s6, c, cr + j + 6 * V, accumulate);
                store(s7, c, cr + j + 7 * V, accumulate);
            }
            for (; j < w4; j += 4 * V) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int r = 0; r < ends; r += 2) {
                    for (int p = runs[r], end = runs[r + 1], bi = p * ldb + j; p < end; p++, bi += ldb) {
                        FloatVector x = FloatVector.broadcast(S, a[ar + p]);
                        s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                        s1 = x.fma(FloatVector.fromArray(S, b, bi + V), s1);
                        s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * V), s2);
                        s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * V), s3);
                    }
                }
                store(s0, c, cr + j, accumulate);
                store(s1, c, cr + j + V, accumulate);
                store(s2, c, cr + j + 2 * V, accumulate);
                store(s3, c, cr + j + 3 * V, accumulate);
            }
            for (; j < n; j += V) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector s = FloatVector.zero(S);
                for (int r = 0; r < ends; r += 2) {
                    for (int p = runs[r], end = runs[r + 1], bi = p * ldb + j; p < end; p++, bi += ldb) {
                        s = FloatVector.broadcast(S, a[ar + p]).fma(FloatVector.fromArray(S, b, bi, mask), s);
                    }
                }
                if (accumulate) {
                    s = s.add(FloatVector.fromArray(S, c, cr + j, mask));
                }
                s.intoArray(c, cr + j, mask);
            }
        }
    }

    /**
     * The runs of nonzero values of x[xi .. xi + k) (NaN counts as nonzero, ±0 does not): writes each
     * run's first and one-past-last step, in order, to {@code runs} (at most k + 1 ints) and returns
     * how many ints it wrote. A vector of V values at a time: bit q of {@code nonzero} is lane q, and
     * a run starts or ends wherever a bit differs from the one before it (the carry {@code in} for
     * lane 0), so a dense row costs k / V compares and no branch it could mispredict.
     */
    static int nonzeroRuns(float[] x, int xi, int k, int[] runs) {
        int w = 0;
        long in = 0;
        int p = 0;
        for (int kv = k / V * V; p < kv; p += V) {
            long nonzero = FloatVector.fromArray(S, x, xi + p).compare(VectorOperators.NE, 0f).toLong();
            for (long edges = (nonzero ^ (nonzero << 1 | in)) & LANES; edges != 0; edges &= edges - 1) {
                runs[w++] = p + Long.numberOfTrailingZeros(edges);
            }
            in = nonzero >>> (V - 1) & 1;
        }
        for (; p < k; p++) {
            long nonzero = x[xi + p] != 0f ? 1 : 0;
            if (nonzero != in) {
                runs[w++] = p;
                in = nonzero;
            }
        }
        if (in != 0) {
            runs[w++] = k;
        }
        return w;
    }

    private static void store(FloatVector s, float[] c, int ci, boolean accumulate) {
        (accumulate ? s.add(FloatVector.fromArray(S, c, ci)) : s).intoArray(c, ci);
    }

    /** C[m×n] (+)= A[m×k]·Bᵀ with B stored n×k (row j of B is column j of Bᵀ). */
    static void abt(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
            boolean accumulate, float[] scratch) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = dot(a, i * lda, b, j * ldb, k, scratch);
                int ci = i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    /** Σ_p x[xi+p]·y[yi+p]: 4 vector accumulators, their lanes summed in index order, then the tail. */
    private static float dot(float[] x, int xi, float[] y, int yi, int k, float[] scratch) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int k4 = k / (4 * V) * (4 * V);
        int p = 0;
        for (; p < k4; p += 4 * V) {
            s0 = FloatVector.fromArray(S, x, xi + p).fma(FloatVector.fromArray(S, y, yi + p), s0);
            s1 = FloatVector.fromArray(S, x, xi + p + V).fma(FloatVector.fromArray(S, y, yi + p + V), s1);
            s2 = FloatVector.fromArray(S, x, xi + p + 2 * V).fma(FloatVector.fromArray(S, y, yi + p + 2 * V), s2);
            s3 = FloatVector.fromArray(S, x, xi + p + 3 * V).fma(FloatVector.fromArray(S, y, yi + p + 3 * V), s3);
        }
        int k1 = k4 + (k - k4) / V * V;
        for (; p < k1; p += V) {
            s0 = FloatVector.fromArray(S, x, xi + p).fma(FloatVector.fromArray(S, y, yi + p), s0);
        }
        s0.add(s1).add(s2.add(s3)).intoArray(scratch, 0);
        float s = 0f;
        for (int q = 0; q < V; q++) {
            s += scratch[q];
        }
        for (; p < k; p++) {
            s = Math.fma(x[xi + p], y[yi + p], s);
        }
        return s;
    }
}
