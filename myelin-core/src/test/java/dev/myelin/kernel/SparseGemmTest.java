package dev.myelin.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * X·W with X mostly zeros ({@link FloatSparseKernel}, {@link FloatGemm}'s sparse rows): the same bits
 * as the packed product for every split among threads, with and without an epilogue, its rows read in
 * place or compacted, by groups or a row at a time; the listed steps and the compacted rows against a
 * scalar scan; a group of zero
 * rows never reading W; the decision reading the data.
 */
@ExtendWith(RestoresKernelSettings.class)
class SparseGemmTest {
    private static final int V = FloatMicroKernel.V, NR = FloatMicroKernel.NR, ROWS = FloatSparseKernel.ROWS;

    /** m×k, each value nonzero with probability {@code density}, in runs, some zeros −0, rows of zeros. */
    private static float[] sparse(SplittableRandom rnd, int m, int k, double density) {
        float[] x = new float[m * k];
        for (int i = 0; i < m; i++) {
            if (i % 7 == 3) {
                continue; // a row of zeros
            }
            for (int p = 0; p < k; p++) {
                if (rnd.nextDouble() < density / 4) {
                    int run = rnd.nextInt(1, 8);
                    for (int q = p; q < Math.min(k, p + run); q++) {
                        x[i * k + q] = (float) rnd.nextDouble(-1, 1);
                    }
                    p += run;
                } else {
                    x[i * k + p] = rnd.nextInt(5) == 0 ? -0f : 0f;
                }
            }
        }
        return x;
    }

    @Test
    void sparseRowsGiveThePackedProductsBitsOnEverySplit() {
        SplittableRandom rnd = new SplittableRandom(21);
        KernelPool.setParallelFlops(0);
        // a small batch split along k on two threads (64×784), row bands (301, 1,000), column bands (few
        // rows, many columns), one k-block, a last group of every size, a partial column sliver
        int[][] shapes = {{64, 784, 128}, {301, 784, 128}, {1000, 784, 3 * NR + 5}, {ROWS + 1, 600, 8 * NR},
                {4 * ROWS + 5, 257, 4 * NR}, {2 * ROWS + 2, 1, 3 * NR}, {ROWS, 40, 3 * NR + 1}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] x = sparse(rnd, m, k, 0.05), w = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
            if (k > 10) {
                x[(m / 2) * k + 10] = Float.NaN; // a NaN input is a nonzero step: its row of W is read
            }
            assertTrue(FloatSparseKernel.sparse(m, k, x, k), Arrays.toString(s) + ": the data should take the sparse rows");
            for (boolean accumulate : new boolean[] {false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    Kernels.setThreads(threads);
                    float[] packed = c0.clone(), inPlace = c0.clone(), sparse = c0.clone(), byRow = c0.clone();
                    FloatGemm.setSparseRows(false);
                    FloatGemm.gemm(m, n, k, x, k, false, w, n, false, packed, n, accumulate);
                    FloatGemm.setSparseRows(true);
                    FloatSparseKernel.setRowsFrom(Integer.MAX_VALUE); // by groups
                    FloatSparseKernel.setCompacts(false);
                    FloatGemm.gemm(m, n, k, x, k, false, w, n, false, inPlace, n, accumulate);
                    FloatSparseKernel.setCompacts(true);
                    FloatGemm.gemm(m, n, k, x, k, false, w, n, false, sparse, n, accumulate);
                    FloatSparseKernel.setRowsFrom(0); // a row at a time
                    FloatGemm.gemm(m, n, k, x, k, false, w, n, false, byRow, n, accumulate);
                    FloatSparseKernel.setRowsFrom(null);
                    String at = Arrays.toString(s) + " accumulate=" + accumulate + " threads=" + threads;
                    assertArrayEquals(packed, inPlace, "rows read in place, " + at);
                    assertArrayEquals(packed, sparse, "rows compacted, " + at);
                    assertArrayEquals(packed, byRow, "a row at a time, " + at);
                    if (accumulate || threads > 1 || (long) m * n * k > 3_000_000) {
                        continue; // the double-precision loop below is for the smaller shapes
                    }
                    for (int i = 0; i < m; i++) { // and the product itself, in double precision
                        for (int j = 0; j < n; j++) {
                            double want = 0;
                            for (int p = 0; p < k; p++) {
                                want += (double) x[i * k + p] * w[p * n + j];
                            }
                            assertEquals(want, sparse[i * n + j], 1e-4 * Math.sqrt(k), Arrays.toString(s) + " at " + i + "," + j);
                        }
                    }
                }
            }
            float[] bias = KernelTestSupport.uniform(rnd, n);
            for (int threads = 1; threads <= 2; threads++) { // a dense layer's forward: bias and ReLU in the epilogue
                Kernels.setThreads(threads);
                float[] zPacked = new float[m * n], aPacked = new float[m * n], zSparse = new float[m * n], aSparse = new float[m * n];
                FloatGemm.setSparseRows(false);
                FloatGemm.denseForward(m, n, k, x, w, zPacked, bias, FloatEpilogue.RELU, 0f, aPacked);
                FloatGemm.setSparseRows(true);
                FloatSparseKernel.setCompacts(threads == 2);
                FloatSparseKernel.setRowsFrom(Integer.MAX_VALUE);
                FloatGemm.denseForward(m, n, k, x, w, zSparse, bias, FloatEpilogue.RELU, 0f, aSparse);
                assertArrayEquals(zPacked, zSparse, Arrays.toString(s) + " forward Z, threads=" + threads);
                assertArrayEquals(aPacked, aSparse, Arrays.toString(s) + " forward A, threads=" + threads);
                float[] zRow = new float[m * n], aRow = new float[m * n];
                FloatSparseKernel.setRowsFrom(0);
                FloatGemm.denseForward(m, n, k, x, w, zRow, bias, FloatEpilogue.RELU, 0f, aRow);
                FloatSparseKernel.setRowsFrom(null);
                assertArrayEquals(zPacked, zRow, Arrays.toString(s) + " forward Z a row at a time, threads=" + threads);
                assertArrayEquals(aPacked, aRow, Arrays.toString(s) + " forward A a row at a time, threads=" + threads);
            }
        }
    }

    @Test
    void aSparseWeightGradientGivesThePackedProductsBits() {
        SplittableRandom rnd = new SplittableRandom(23);
        KernelPool.setParallelFlops(0);
        // C[m×n] = Xᵀ·δ with X k×m (k samples, m inputs): the owners' row bands on two threads (784 inputs,
        // 4 k-blocks of rows), row bands (301), several k-blocks of samples (600), a last partial group
        int[][] shapes = {{784, 64, 128}, {301, 10, 3 * NR + 5}, {ROWS + 1, 300, 2 * NR}, {784, 600, NR}, {4 * ROWS, 1, 3 * NR}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] x = sparse(rnd, k, m, 0.05), d = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
            assertEquals(V == 8, FloatSparseKernel.sparseTransposed(m, k, x, m), Arrays.toString(s) + ": sparse on AVX2");
            for (boolean accumulate : new boolean[] {false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    Kernels.setThreads(threads);
                    float[] packed = c0.clone(), sparse = c0.clone();
                    FloatGemm.setSparseRows(false);
                    FloatGemm.gemm(m, n, k, x, m, true, d, n, false, packed, n, accumulate);
                    FloatGemm.setSparseRows(true);
                    FloatGemm.gemm(m, n, k, x, m, true, d, n, false, sparse, n, accumulate);
                    assertArrayEquals(packed, sparse, Arrays.toString(s) + " accumulate=" + accumulate + " threads=" + threads);
                }
            }
            if ((long) m * n * k > 3_000_000) {
                continue; // the double-precision loop below is for the smaller shapes
            }
            float[] c = new float[m * n];
            Kernels.setThreads(1);
            FloatGemm.gemm(m, n, k, x, m, true, d, n, false, c, n, false);
            for (int i = 0; i < m; i++) { // and the product itself, in double precision
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int p = 0; p < k; p++) {
                        want += (double) x[p * m + i] * d[p * n + j];
                    }
                    assertEquals(want, c[i * n + j], 1e-4 * Math.sqrt(k), Arrays.toString(s) + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void stepsTransposedListTheRowsWhereAnyOfFiveNeighboursIsNonzero() {
        SplittableRandom rnd = new SplittableRandom(24);
        float[] values = {0f, -0f, 0f, 0f, 1f, Float.NaN, Float.MIN_VALUE};
        int five = FloatSparseKernel.TRANSPOSED_ROWS;
        for (int kc = 0; kc <= 70; kc++) {
            int lda = five + rnd.nextInt(10), off = rnd.nextInt(lda - five + 1);
            float[] x = new float[kc * lda + (kc % 2 == 0 ? V : 0)]; // X's last values, with and without a whole vector after them
            for (int q = 0; q < x.length; q++) {
                x[q] = values[rnd.nextInt(values.length)];
            }
            int[] want = new int[kc];
            int w = 0;
            for (int p = 0; p < kc; p++) {
                boolean any = false;
                for (int r = 0; r < five; r++) {
                    any |= x[p * lda + off + r] != 0f;
                }
                if (any) {
                    want[w++] = p;
                }
            }
            int[] steps = new int[kc + 1];
            int got = FloatSparseKernel.stepsTransposed(x, off, lda, kc, steps);
            assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(steps, got), "kc=" + kc + " lda=" + lda);
        }
    }

    @Test
    void stepsListTheStepsWhereAnyRowIsNonzero() {
        SplittableRandom rnd = new SplittableRandom(22);
        float[] values = {0f, -0f, 0f, 1f, -2.5f, Float.NaN, Float.MIN_VALUE};
        for (int rows = 1; rows <= ROWS; rows++) {
            for (int kc = 0; kc <= 4 * V + 3; kc++) {
                for (int trial = 0; trial < 20; trial++) {
                    int lda = kc + rnd.nextInt(3), off = rnd.nextInt(3);
                    float[] x = new float[off + rows * lda];
                    for (int q = 0; q < x.length; q++) {
                        x[q] = trial == 0 ? 0f : values[rnd.nextInt(values.length)];
                    }
                    int[] want = new int[kc];
                    int w = 0;
                    for (int p = 0; p < kc; p++) {
                        boolean any = false;
                        for (int r = 0; r < rows; r++) {
                            any |= x[off + r * lda + p] != 0f;
                        }
                        if (any) {
                            want[w++] = p;
                        }
                    }
                    if (rows == 1) { // one row, listed with its values by gatherRow
                        int[] listed = new int[kc + V];
                        float[] rowValues = new float[kc + V];
                        int n = FloatSparseKernel.gatherRow(x, off, kc, listed, rowValues);
                        assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(listed, n), "gatherRow, kc=" + kc);
                        for (int q = 0; q < w; q++) {
                            assertEquals(Float.floatToRawIntBits(x[off + want[q]]), Float.floatToRawIntBits(rowValues[q]),
                                    "gatherRow value at step " + want[q] + ", kc=" + kc);
                        }
                    }
                    int[] steps = new int[kc];
                    int got = FloatSparseKernel.steps(x, off, lda, rows, kc, steps);
                    assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(steps, got), "rows=" + rows + " kc=" + kc);
                    int sa = kc + V + 1; // and gathered: the same steps, each row's values at them, zero rows after
                    int[] gathered = new int[kc + V];
                    float[] pa = new float[ROWS * sa];
                    Arrays.fill(pa, Float.NaN);
                    got = FloatSparseKernel.gather(x, off, lda, rows, kc, gathered, pa, sa);
                    assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(gathered, got), "gathered, rows=" + rows + " kc=" + kc);
                    for (int r = 0; r < ROWS; r++) {
                        for (int q = 0; q < w; q++) {
                            float value = r < rows ? x[off + r * lda + want[q]] : 0f;
                            assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(pa[r * sa + q]),
                                    "gathered row " + r + " step " + want[q] + ", rows=" + rows + " kc=" + kc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aGroupOfZeroRowsNeverReadsW() {
        int m = 3 * ROWS, k = 40, n = 3 * NR;
        float[] x = new float[m * k], w = new float[k * n], c = new float[m * n];
        Arrays.fill(w, Float.NaN);
        x[7] = 2f; // row 0, step 7: the only nonzero input
        for (int j = 0; j < n; j++) {
            w[7 * n + j] = j;
        }
        assertTrue(FloatSparseKernel.sparse(m, k, x, k));
        FloatGemm.setSparseRows(true);
        for (int way = 0; way < 3; way++) { // groups read in place, groups compacted, a row at a time
            FloatSparseKernel.setCompacts(way == 1);
            FloatSparseKernel.setRowsFrom(way == 2 ? 0 : Integer.MAX_VALUE);
            Arrays.fill(c, 1f);
            FloatGemm.gemm(m, n, k, x, k, false, w, n, false, c, n, false);
            for (int j = 0; j < n; j++) {
                assertEquals(2f * j, c[j], "row 0: its one step's row of W, scaled; way " + way);
            }
            assertArrayEquals(new float[(m - 1) * n], Arrays.copyOfRange(c, n, m * n),
                    "rows of zeros: zeros, W's NaN never read; way " + way);
        }
    }

    @Test
    void theDecisionReadsTheSampledGroups() {
        int m = 64, k = 100;
        for (int width : new int[] {0, 10, 50, 55, 56, 60, 100}) { // the first `width` steps nonzero in every row
            float[] x = new float[m * k];
            for (int i = 0; i < m; i++) {
                Arrays.fill(x, i * k, i * k + width, 1f);
            }
            assertEquals(width <= FloatSparseKernel.MAX_DENSITY * k, FloatSparseKernel.sparse(m, k, x, k), "width " + width);
        }
        float[] few = new float[(ROWS - 1) * k];
        assertFalse(FloatSparseKernel.sparse(ROWS - 1, k, few, k), "fewer rows than a group: not sampled, packed");
        float[] spread = new float[m * k]; // one nonzero per row, a different step in each row of a group
        for (int i = 0; i < m; i++) {
            spread[i * k + (i % ROWS) * 17] = 1f;
        }
        assertTrue(FloatSparseKernel.sparse(m, k, spread, k), "6 of 100 steps nonzero per group");
        Arrays.fill(spread, 3 * ROWS * k, 4 * ROWS * k, 1f); // one dense group of four: the share over the four decides
        assertTrue(FloatSparseKernel.sparse(m, k, spread, k), "one sampled group of four dense");
        Arrays.fill(spread, ROWS * k, 4 * ROWS * k, 1f); // three of four dense: no
        assertFalse(FloatSparseKernel.sparse(m, k, spread, k), "three sampled groups of four dense");
        Arrays.fill(spread, 0f);
        for (int i = 0; i < m; i++) {
            spread[i * k + (i % ROWS) * 17] = 1f;
        }
        Arrays.fill(spread, 4 * ROWS * k, m * k, 1f); // past the sampled groups: not read
        assertTrue(FloatSparseKernel.sparse(m, k, spread, k), "dense rows after the sampled groups");
    }
}
