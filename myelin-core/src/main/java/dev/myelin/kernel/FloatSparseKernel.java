package dev.myelin.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products with an operand that is mostly zeros (MNIST pixels: 81 % zeros): X·W in a dense layer's
 * forward, and, on AVX2, the weight gradient Xᵀ·δ ({@link #sparseTransposed}). X·W goes one k-block
 * of one {@link #ROWS}-row group at a time: the steps p where some row of the group is nonzero are
 * listed first, and the tile makes its multiply-adds only at those steps, reading the packed B sliver
 * at each listed step. A step where
 * every row of the group is zero adds ±0 to chains that start at +0, so skipping it leaves each chain's
 * value as it was: every element is the sum {@link FloatUnpackedKernel}'s tile makes, in the same
 * order, and {@link FloatGemm} gives the same bits whichever path it takes (tested). As for a batch of
 * one ({@link FloatSkinnyGemm#ab}), a zero input then never meets its row of W, so a non-finite weight
 * there does not make the output NaN (a model file with one is refused on load).
 *
 * <p>Two ways to read the group's rows, the same bits ({@link #compacts}):
 * <ul>
 *   <li><b>Compacted</b> (8 lanes or more): {@link #gather} lists the steps and copies the rows' values
 *       at them into contiguous rows, a vector of steps at a time ({@code compress} by the rows' OR-ed
 *       nonzero mask), and {@link #tileCompacted} reads them in order, as {@link FloatUnpackedKernel}
 *       reads A. On AVX2 this measured 9–14 % faster than reading the rows in place at the listed steps
 *       (the {@code small} network's batch-1,000 inference, one process alternating the two), the same
 *       on AVX-512 and 128-bit.
 *   <li><b>In place</b> (4 lanes: NEON, whose C2 has no {@code compress} instruction to use, and 128-bit
 *       x86): {@link #steps} lists the steps and {@link #tile} reads the rows at them.
 * </ul>
 *
 * <p><b>An inference batch goes a row at a time</b> ({@link #rowsFrom} rows or more: {@link #gatherRow},
 * {@link #tileRow8}): each row's own nonzero steps (18 % of an MNIST image, against 42 % for a group
 * of six), W read in place, eight accumulators across 8·V columns. Half the multiply-adds, but each
 * loads its B vector, so it gains less than half: measured below at {@link #ROWS_FROM}. A training
 * batch keeps the groups, where the row tile measured slower.
 *
 * <p>Why groups of {@link #ROWS}: the fewer rows, the more steps are zero in all of them. Over the
 * first 1,000 MNIST test images, 18 % of the steps are nonzero in one image, 42 % in some image of a
 * group of 6 and 49 % of a group of 12. Six rows and two vectors of columns are twelve accumulators,
 * which fit AVX2's 16 registers. (Choosing each group's rows by their overlap instead of in order,
 * greedily among the next 32 rows, would list 16 % fewer steps, but costs about what it saves.)
 *
 * <p>Measured, the {@code small} network's batch-1,000 inference on MNIST, one process alternating
 * the packed product and this path: AVX-512 1.45–1.55 → 1.93–2.16 M samples/s on 2 threads, AVX2
 * 0.89 → 1.46 M (1 thread 0.47 → 0.80 M), 128-bit 0.42 → 0.66 M. The real training loop (gather, step
 * and update of MNIST batches on 2 threads, {@code ./myelin}'s JVM flags): {@code small} 149 → 136 µs
 * on AVX-512 (the forward skipping), and with the weight gradient's skipping too 345 → 287 µs on AVX2,
 * {@code medium} 3.3 → 2.7 ms on AVX2 (a slower period of the host than the AVX-512 figure).
 *
 * <p>{@link FloatGemm} takes this path for a product X·W when {@link #sparse} finds the first groups
 * of X sparse enough (for Xᵀ·δ, {@link #sparseTransposed}); the decision depends on the data only,
 * never on the thread count, and changes no value, only the time.
 */
final class FloatSparseKernel {
    private static final VectorSpecies<Float> S = FloatMicroKernel.S;
    private static final int V = FloatMicroKernel.V;
    private static final int NR = FloatMicroKernel.NR;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final IntVector IOTA = IntVector.zero(IS).addIndex(1);
    /** The rows of a group: the rows of one tile. */
    static final int ROWS = 6;
    /** One bit per lane. */
    private static final long LANES = (1L << V) - 1;
    /** The groups {@link #sparse} looks at. */
    static final int SAMPLE_GROUPS = 4;
    /** The rows of X {@link #sparseTransposed} looks at. */
    static final int SAMPLE_ROWS = 16;
    /** The rows of a weight gradient's group: five neighbouring inputs. */
    static final int TRANSPOSED_ROWS = 5;
    /** The lanes of a group's five neighbouring inputs. */
    private static final long GROUP = (1L << TRANSPOSED_ROWS) - 1;
    /**
     * Taken when at most this share of the sampled groups' steps are nonzero in some row. Where every
     * group's share was 0.6 (random inputs, 1,000×784×128 on 2 threads), this path ran at the packed
     * product's speed on AVX-512 (550–620 against 577–611 µs) and 1.2 times as fast on AVX2.
     */
    static final double MAX_DENSITY = 0.55;
    /**
     * Whether the group's rows are compacted ({@link #gather}, {@link #tileCompacted}) or read in place
     * ({@link #steps}, {@link #tile}): compacted with 8 lanes or more. Tests set it both ways.
     */
    static volatile boolean compacts = V >= 8;

    /** Test hook: see {@link #compacts}; {@code null} restores the default. */
    static void setCompacts(Boolean on) {
        compacts = on != null ? on : V >= 8;
    }

    private FloatSparseKernel() {}

    /**
     * Whether X (m×k, row stride lda) is sparse enough for this path: over its first
     * {@link #SAMPLE_GROUPS} groups of {@link #ROWS} rows together, at most {@link #MAX_DENSITY} of the
     * steps are nonzero in some row of their group. Stops reading as soon as the answer is no (a dense
     * hidden layer's input: three groups). The share over four groups, not each group's, so that one
     * wide digit in a batch does not flip the decision: a flip sends the product down the path the JIT
     * has not seen for a while (a `./myelin train --data mnist` epoch took 0.8 s instead of 0.4 when the
     * rule was per group).
     */
    static boolean sparse(int m, int k, float[] x, int lda) {
        int groups = Math.min(SAMPLE_GROUPS, m / ROWS);
        long limit = (long) (MAX_DENSITY * groups * k);
        long nonzero = 0;
        for (int g = 0; g < groups && nonzero <= limit; g++) {
            nonzero += count(x, g * ROWS * lda, lda, ROWS, k);
        }
        return groups > 0 && nonzero <= limit;
    }

    /** How many of the steps [0, k) are nonzero in some of the {@code rows} rows from x[xr] (stride lda). */
    private static int count(float[] x, int xr, int lda, int rows, int k) {
        int n = 0;
        int p = 0;
        for (int kv = k / V * V; p < kv; p += V) {
            n += Long.bitCount(nonzero(x, xr + p, lda, rows));
        }
        for (; p < k; p++) {
            if (anyNonzero(x, xr + p, lda, rows)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Lists the steps p of [0, kc) where some of the {@code rows} rows from x[xr] (stride lda) is
     * nonzero (NaN counts as nonzero, ±0 does not), in increasing order, into {@code steps} (at least
     * kc ints), and returns how many. A vector of V steps at a time: the rows' compares OR-ed into one
     * lane mask, its set bits listed.
     */
    static int steps(float[] x, int xr, int lda, int rows, int kc, int[] steps) {
        int w = 0;
        int p = 0;
        for (int kv = kc / V * V; p < kv; p += V) {
            for (long bits = nonzero(x, xr + p, lda, rows); bits != 0; bits &= bits - 1) {
                steps[w++] = p + Long.numberOfTrailingZeros(bits);
            }
        }
        for (; p < kc; p++) {
            if (anyNonzero(x, xr + p, lda, rows)) {
                steps[w++] = p;
            }
        }
        return w;
    }

    /** Bit q: whether x[xi + r·lda + q] ≠ 0 for some r < rows, for the V lanes q. */
    private static long nonzero(float[] x, int xi, int lda, int rows) {
        long bits = 0;
        for (int r = 0; r < rows; r++) {
            bits |= FloatVector.fromArray(S, x, xi + r * lda).compare(VectorOperators.NE, 0f).toLong();
        }
        return bits & LANES;
    }

    /** Whether x[xi + r·lda] ≠ 0 for some r < rows (one step). */
    private static boolean anyNonzero(float[] x, int xi, int lda, int rows) {
        for (int r = 0; r < rows; r++) {
            if (x[xi + r * lda] != 0f) {
                return true;
            }
        }
        return false;
    }

    /**
     * One {@link #ROWS}×NR tile over the listed steps of a k-block: C[6×NR] (+)= A·Bp, where row r of A
     * starts at a[ar + r·lda] (the k-block's first step), the packed B sliver at bi holds step p at
     * bi + p·NR, and only the {@code count} steps {@code steps[0 .. count)} are taken. The accumulators
     * start at zero and are stored into C, or added to C when {@code load} is set, as in
     * {@link FloatUnpackedKernel#kernel6x2}.
     */
    static void tile(float[] a, int ar, int lda, float[] bp, int bi, int[] steps, int count, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        int r1 = ar + lda;
        int r2 = ar + 2 * lda;
        int r3 = ar + 3 * lda;
        int r4 = ar + 4 * lda;
        int r5 = ar + 5 * lda;
        for (int t = 0; t < count; t++) {
            int p = steps[t];
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
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
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V));
            c5_0 = c5_0.add(FloatVector.fromArray(S, c, ci + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(S, c, ci + 5 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + ldc);
        c1_1.intoArray(c, ci + ldc + V);
        c2_0.intoArray(c, ci + 2 * ldc);
        c2_1.intoArray(c, ci + 2 * ldc + V);
        c3_0.intoArray(c, ci + 3 * ldc);
        c3_1.intoArray(c, ci + 3 * ldc + V);
        c4_0.intoArray(c, ci + 4 * ldc);
        c4_1.intoArray(c, ci + 4 * ldc + V);
        c5_0.intoArray(c, ci + 5 * ldc);
        c5_1.intoArray(c, ci + 5 * ldc + V);
    }

    /**
     * A {@link #TRANSPOSED_ROWS}×NR tile for A = Xᵀ (a weight gradient's Xᵀ·δ) read in place, over the
     * listed steps: the tile's rows are five neighbouring columns of X, so row r's value at step p is
     * a[ar + p·lda + r] (ar: the k-block's first step, lda: X's row stride), and the steps are the
     * listed rows of X ({@link #stepsTransposed}). Five rows, as {@link FloatTransposedKernel#tile5}, for
     * the same reason: ten accumulators, no spill on AVX2. The same multiply-adds in the same order as
     * the packed product's transposed tiles.
     */
    static void tileTransposed(float[] a, int ar, int lda, float[] bp, int bi, int[] steps, int count, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        for (int t = 0; t < count; t++) {
            int p = steps[t];
            int ao = ar + p * lda;
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
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
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + ldc);
        c1_1.intoArray(c, ci + ldc + V);
        c2_0.intoArray(c, ci + 2 * ldc);
        c2_1.intoArray(c, ci + 2 * ldc + V);
        c3_0.intoArray(c, ci + 3 * ldc);
        c3_1.intoArray(c, ci + 3 * ldc + V);
        c4_0.intoArray(c, ci + 4 * ldc);
        c4_1.intoArray(c, ci + 4 * ldc + V);
    }

    /**
     * Whether the weight gradient Xᵀ·δ (X k×m with row stride lda: k samples, m inputs) goes by
     * {@link #stepsTransposed} and {@link #tileTransposed}: with 8 lanes (AVX2), when over X's first
     * {@link #SAMPLE_ROWS} rows at most {@link #MAX_DENSITY} of the groups of five neighbouring inputs
     * hold a nonzero. Over MNIST training images 32 % do (18 % of the pixels are nonzero). The 64×784×128
     * gradient of MNIST {@code small} (one process alternating the two): 145 → 83 µs on 1 thread, 79 → 56
     * on 2. Not on AVX-512, where the packed product's 12-row tiles ran it as fast (68 against 69 µs),
     * nor with 4 lanes.
     */
    static boolean sparseTransposed(int m, int k, float[] x, int lda) {
        if (V != 8 || m < TRANSPOSED_ROWS) {
            return false;
        }
        int rows = Math.min(SAMPLE_ROWS, k), groups = m / TRANSPOSED_ROWS, nonzero = 0;
        for (int p = 0; p < rows; p++) {
            for (int g = 0; g < groups; g++) {
                nonzero += nonzeroGroup(x, p * lda + g * TRANSPOSED_ROWS);
            }
        }
        return nonzero <= MAX_DENSITY * rows * groups;
    }

    /**
     * Lists the steps p of [0, kc) where some of the five neighbours x[xi + p·lda .. + 5) is nonzero
     * (rows of X where one of a group's five inputs is nonzero) into {@code steps} (kc + 1 ints), and
     * returns how many: a vector load and a compare per step, and no branch on the data (each step is
     * written, and kept by counting it).
     */
    static int stepsTransposed(float[] x, int xi, int lda, int kc, int[] steps) {
        int w = 0;
        for (int p = 0; p < kc; p++, xi += lda) {
            steps[w] = p;
            w += nonzeroGroup(x, xi);
        }
        return w;
    }

    /** 1 when one of the five values x[xi .. xi + 5) is nonzero, else 0: one vector compare, no branch. */
    private static int nonzeroGroup(float[] x, int xi) {
        long bits;
        if (V >= TRANSPOSED_ROWS && xi + V <= x.length) {
            bits = FloatVector.fromArray(S, x, xi).compare(VectorOperators.NE, 0f).toLong();
        } else { // X's last values, or fewer than five lanes: one by one
            bits = 0;
            for (int r = 0; r < TRANSPOSED_ROWS; r++) {
                bits |= x[xi + r] != 0f ? 1L << r : 0;
            }
        }
        return (bits & GROUP) != 0 ? 1 : 0;
    }

    /**
     * Lists the steps p of [0, kc) where some of the {@code rows} rows from x[xr] (stride lda) is
     * nonzero into {@code steps}, and copies those rows' values at them as rows into pa (row r at
     * r·sa; {@link #ROWS} rows, those from {@code rows} on zeros); returns how many. A whole group, a
     * vector of V steps at a time: the six rows' compares OR-ed into one mask, then the step numbers and
     * each row compressed by it and stored at the count so far ({@code steps} needs kc + V ints and
     * sa ≥ kc + V); a vector of steps zero in every row is passed over (3–5 % of the MNIST inference
     * time). A last group of fewer rows goes a step at a time.
     */
    static int gather(float[] x, int xr, int lda, int rows, int kc, int[] steps, float[] pa, int sa) {
        int w = 0;
        int p = 0;
        int r1 = xr + lda, r2 = xr + 2 * lda, r3 = xr + 3 * lda, r4 = xr + 4 * lda, r5 = xr + 5 * lda;
        int s1 = sa, s2 = 2 * sa, s3 = 3 * sa, s4 = 4 * sa, s5 = 5 * sa;
        for (int kv = rows == ROWS ? kc / V * V : 0; p < kv; p += V) {
            FloatVector v0 = FloatVector.fromArray(S, x, xr + p);
            FloatVector v1 = FloatVector.fromArray(S, x, r1 + p);
            FloatVector v2 = FloatVector.fromArray(S, x, r2 + p);
            FloatVector v3 = FloatVector.fromArray(S, x, r3 + p);
            FloatVector v4 = FloatVector.fromArray(S, x, r4 + p);
            FloatVector v5 = FloatVector.fromArray(S, x, r5 + p);
            VectorMask<Float> any = v0.compare(VectorOperators.NE, 0f).or(v1.compare(VectorOperators.NE, 0f))
                    .or(v2.compare(VectorOperators.NE, 0f)).or(v3.compare(VectorOperators.NE, 0f))
                    .or(v4.compare(VectorOperators.NE, 0f)).or(v5.compare(VectorOperators.NE, 0f));
            if (!any.anyTrue()) { // no row has a nonzero here: nothing to list or copy
                continue;
            }
            IOTA.add(p).compress(any.cast(IS)).intoArray(steps, w);
            v0.compress(any).intoArray(pa, w);
            v1.compress(any).intoArray(pa, s1 + w);
            v2.compress(any).intoArray(pa, s2 + w);
            v3.compress(any).intoArray(pa, s3 + w);
            v4.compress(any).intoArray(pa, s4 + w);
            v5.compress(any).intoArray(pa, s5 + w);
            w += any.trueCount();
        }
        for (; p < kc; p++) {
            if (anyNonzero(x, xr + p, lda, rows)) {
                steps[w] = p;
                for (int r = 0; r < rows; r++) {
                    pa[r * sa + w] = x[xr + r * lda + p];
                }
                w++;
            }
        }
        for (int r = rows; r < ROWS; r++) {
            Arrays.fill(pa, r * sa, r * sa + w, 0f);
        }
        return w;
    }

    /**
     * X·W of at least this many rows goes a row at a time ({@link #gatherRow}, {@link #tileRow8}): an
     * inference batch. Smaller products (a training batch) go by groups. Measured, the {@code small}
     * network on MNIST, one process alternating the two ways, 2 threads: batch-1,000 inference on AVX2
     * 1.47 → 1.59 M and 1.60 → 1.75 M samples/s in two runs, on AVX-512 1.91 → 2.04 M and 2.19 → 2.26 M,
     * 128-bit 0.68 → 0.81 M; but the batch-64 training step 6–15 % slower by rows than by groups, so
     * training keeps the groups. Tests set it to 0 to send every shape this way.
     */
    static final int ROWS_FROM = 256;
    static volatile int rowsFrom = ROWS_FROM;

    /** Test hook: see {@link #rowsFrom}; {@code null} restores the default. */
    static void setRowsFrom(Integer rows) {
        rowsFrom = rows != null ? rows : ROWS_FROM;
    }

    /**
     * Lists the steps p of [0, kc) where x[xi + p] is nonzero (NaN counts, ±0 does not) into
     * {@code steps}, in increasing order, and their values into pa[0 ..); returns how many ({@code steps}
     * and pa need kc + V). With 8 lanes or more a vector of steps at a time, compressed by its nonzero
     * mask; with 4 (NEON has no {@code compress}) the mask's bits one by one.
     */
    static int gatherRow(float[] x, int xi, int kc, int[] steps, float[] pa) {
        int w = 0;
        int p = 0;
        if (V >= 8) {
            for (int kv = kc / V * V; p < kv; p += V) {
                FloatVector v = FloatVector.fromArray(S, x, xi + p);
                VectorMask<Float> nz = v.compare(VectorOperators.NE, 0f);
                if (!nz.anyTrue()) {
                    continue;
                }
                IOTA.add(p).compress(nz.cast(IS)).intoArray(steps, w);
                v.compress(nz).intoArray(pa, w);
                w += nz.trueCount();
            }
        } else { // no compress on NEON: the mask's bits one by one
            for (int kv = kc / V * V; p < kv; p += V) {
                long bits = FloatVector.fromArray(S, x, xi + p).compare(VectorOperators.NE, 0f).toLong();
                for (; bits != 0; bits &= bits - 1) {
                    int q = p + Long.numberOfTrailingZeros(bits);
                    steps[w] = q;
                    pa[w] = x[xi + q];
                    w++;
                }
            }
        }
        for (; p < kc; p++) {
            float v = x[xi + p];
            if (v != 0f) {
                steps[w] = p;
                pa[w] = v;
                w++;
            }
        }
        return w;
    }

    /**
     * One row × 8·V columns of C (+)= x·B over the row's listed steps, B read in place (W is stored
     * [inputs][units], so step p's columns are contiguous from b[bi + p·ldb]; nothing is packed): the
     * t-th listed step's value is a[t] ({@link #gatherRow}). Eight accumulators start at zero and are
     * stored into C, or added to C when {@code load} is set: per element the multiply-adds of
     * {@link FloatUnpackedKernel}'s tile in the same order, less the ones whose input is ±0, which add
     * ±0 to a chain that starts at +0 and is never −0 (the same bits, as for {@link #tile}).
     *
     * <p>A row's own steps (18 % of an MNIST image) instead of a group's (42 %): half the multiply-adds,
     * each with its B vector loaded rather than kept in a register for six rows. The batch-of-one
     * product {@link FloatSkinnyGemm#ab} has the same eight chains over a row's runs of nonzero steps;
     * called on each k-block of each row (given offsets), it measured 20–25 % slower than the groups
     * on AVX2 and AVX-512 (short runs within a k-block: ~6 steps a run), where this listed-step tile is
     * 8–10 % faster, so the two stay apart.
     */
    static void tileRow8(float[] a, float[] b, int bi, int ldb, int[] steps, int count, float[] c, int ci,
            boolean load) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int t = 0; t < count; t++) {
            int po = bi + steps[t] * ldb;
            FloatVector x = FloatVector.broadcast(S, a[t]);
            c0 = x.fma(FloatVector.fromArray(S, b, po), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, po + V), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, po + 2 * V), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, po + 3 * V), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, po + 4 * V), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, po + 5 * V), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, po + 6 * V), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, po + 7 * V), c7);
        }
        if (load) {
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
            c1 = c1.add(FloatVector.fromArray(S, c, ci + V));
            c2 = c2.add(FloatVector.fromArray(S, c, ci + 2 * V));
            c3 = c3.add(FloatVector.fromArray(S, c, ci + 3 * V));
            c4 = c4.add(FloatVector.fromArray(S, c, ci + 4 * V));
            c5 = c5.add(FloatVector.fromArray(S, c, ci + 5 * V));
            c6 = c6.add(FloatVector.fromArray(S, c, ci + 6 * V));
            c7 = c7.add(FloatVector.fromArray(S, c, ci + 7 * V));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + V);
        c2.intoArray(c, ci + 2 * V);
        c3.intoArray(c, ci + 3 * V);
        c4.intoArray(c, ci + 4 * V);
        c5.intoArray(c, ci + 5 * V);
        c6.intoArray(c, ci + 6 * V);
        c7.intoArray(c, ci + 7 * V);
    }

    /** {@link #tileRow8} for V columns: the columns left after the wide tiles. */
    static void tileRowVector(float[] a, float[] b, int bi, int ldb, int[] steps, int count, float[] c, int ci,
            boolean load) {
        FloatVector c0 = FloatVector.zero(S);
        for (int t = 0; t < count; t++) {
            c0 = FloatVector.broadcast(S, a[t]).fma(FloatVector.fromArray(S, b, bi + steps[t] * ldb), c0);
        }
        if (load) {
            c0 = c0.add(FloatVector.fromArray(S, c, ci));
        }
        c0.intoArray(c, ci);
    }

    /**
     * {@link #tileRow8} for the last {@code nr} (&lt; V) columns, a column at a time with
     * {@link Math#fma}, the vector FMA's rounding.
     */
    static void tileRowScalar(float[] a, float[] b, int bi, int ldb, int[] steps, int count, int nr, float[] c,
            int ci, boolean load) {
        for (int q = 0; q < nr; q++) {
            float acc = 0f;
            for (int t = 0; t < count; t++) {
                acc = Math.fma(a[t], b[bi + steps[t] * ldb + q], acc);
            }
            c[ci + q] = load ? acc + c[ci + q] : acc;
        }
    }

    /**
     * {@link #tile} with the group's rows compacted by {@link #gather}: row r's value at the t-th listed
     * step is a[ar + r·lda + t]. The same multiply-adds in the same order.
     */
    static void tileCompacted(float[] a, int ar, int lda, float[] bp, int bi, int[] steps, int count, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        int r1 = ar + lda;
        int r2 = ar + 2 * lda;
        int r3 = ar + 3 * lda;
        int r4 = ar + 4 * lda;
        int r5 = ar + 5 * lda;
        for (int t = 0; t < count; t++) {
            int p = steps[t];
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector a0 = FloatVector.broadcast(S, a[ar + t]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + t]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + t]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + t]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(S, a[r4 + t]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(S, a[r5 + t]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
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
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V));
            c5_0 = c5_0.add(FloatVector.fromArray(S, c, ci + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(S, c, ci + 5 * ldc + V));
        }
        c0_0.intoArray(c, ci);
        c0_1.intoArray(c, ci + V);
        c1_0.intoArray(c, ci + ldc);
        c1_1.intoArray(c, ci + ldc + V);
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
