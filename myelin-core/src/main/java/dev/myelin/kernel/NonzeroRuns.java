package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The steps of a product that a block of rows of A makes nonzero, as runs: for rows r in [0, rows)
 * starting at a[ar + r·lda], the steps p in [0, k) where some a[ar + r·lda + p] ≠ 0 (NaN counts as
 * nonzero, ±0 does not), written as each run's first and one-past-last step, in order.
 *
 * <p>Why: a step where every row of A is zero adds only ±0 terms to the tile's accumulators, which
 * start at +0 for each k-block, so skipping it leaves every sum's bits as they were. Inputs such as
 * MNIST images are mostly zeros (81 % of pixels; 57 % of the steps of 6 images at once are zero in all
 * six, 50 % of 12), and so are one-hot columns of a CSV. The kernels that read A in place
 * ({@link FloatUnpackedKernel}, {@link FloatSkinnyGemm}) loop over the runs. One consequence: a
 * zero input never meets its row of B, so a non-finite weight there does not make the output NaN
 * (a model file with one is refused on load).
 *
 * <p>A vector of V steps at a time: bit q of {@code nonzero} is lane q, OR-ed over the rows, and a
 * run starts or ends wherever a bit differs from the one before it (the carry {@code in} for lane 0),
 * without a branch per lane; the rows of a vector of steps are read only until every lane is nonzero,
 * so a dense block costs about k / V compares, whatever its rows.
 */
final class NonzeroRuns {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** One bit per lane. */
    private static final long LANES = (1L << V) - 1;

    private NonzeroRuns() {}

    /** Writes the runs to {@code runs} (at most k + 1 ints) and returns how many ints it wrote. */
    static int find(float[] a, int ar, int lda, int rows, int k, int[] runs) {
        int w = 0;
        long in = 0;
        int p = 0;
        for (int kv = k / V * V; p < kv; p += V) {
            long nonzero = 0;
            for (int r = 0, ai = ar + p; r < rows && nonzero != LANES; r++, ai += lda) {
                nonzero |= FloatVector.fromArray(S, a, ai).compare(VectorOperators.NE, 0f).toLong();
            }
            for (long edges = (nonzero ^ (nonzero << 1 | in)) & LANES; edges != 0; edges &= edges - 1) {
                runs[w++] = p + Long.numberOfTrailingZeros(edges);
            }
            in = nonzero >>> (V - 1) & 1;
        }
        for (; p < k; p++) {
            long nonzero = 0;
            for (int r = 0, ai = ar + p; r < rows && nonzero == 0; r++, ai += lda) {
                nonzero = a[ai] != 0f ? 1 : 0;
            }
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

    /** How many steps the runs {@code runs[0 .. ends)} hold. */
    static int count(int[] runs, int ends) {
        int steps = 0;
        for (int q = 0; q < ends; q += 2) {
            steps += runs[q + 1] - runs[q];
        }
        return steps;
    }
}
