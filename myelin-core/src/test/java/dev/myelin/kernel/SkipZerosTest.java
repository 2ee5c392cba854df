package dev.myelin.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skipping the steps where A's rows are zero ({@link FloatGemm#skipZeros}, {@link NonzeroRuns}): the
 * runs, and every product path that gathers or skips them, against the same product with skipping off
 * (bits) and against the plain sum.
 */
@ExtendWith(RestoresKernelSettings.class)
class SkipZerosTest {
    private static final int V = FloatMicroKernel.V;

    /**
     * An m×lda matrix with zero columns in runs (the same for every row, as MNIST's blank borders), zero
     * values scattered within rows (some −0), and every other value in [−1, 1).
     */
    private static float[] sparse(SplittableRandom rnd, int m, int k, int lda) {
        boolean[] blank = new boolean[k];
        for (int p = 0; p < k; p++) {
            if (rnd.nextInt(3) == 0) {
                int run = rnd.nextInt(1, 3 * V);
                for (int q = p; q < Math.min(k, p + run); q++) {
                    blank[q] = true;
                }
                p += run;
            }
        }
        float[] a = new float[m * lda];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < lda; p++) {
                boolean zero = p < k && (blank[p] || rnd.nextInt(4) == 0);
                a[i * lda + p] = zero ? (rnd.nextBoolean() ? 0f : -0f) : (float) rnd.nextDouble(-1, 1);
            }
        }
        return a;
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void runsMatchAScalarScanOverSeveralRows() {
        SplittableRandom rnd = new SplittableRandom(13);
        float[] values = {0f, -0f, 1f, -2.5f, Float.NaN, Float.MIN_VALUE};
        for (int rows = 1; rows <= 3; rows++) {
            for (int k = 0; k <= 4 * V + 3; k++) {
                for (int trial = 0; trial < 40; trial++) {
                    int lda = k + rnd.nextInt(3), off = rnd.nextInt(3);
                    float[] x = new float[off + rows * lda];
                    for (int p = 0; p < x.length; p++) {
                        // mostly zeros with more rows, so that runs of zero steps remain
                        x[p] = trial == 0 ? 1f : trial == 1 ? 0f : rnd.nextInt(rows + 1) == 0 ? values[rnd.nextInt(values.length)] : 0f;
                    }
                    int[] want = new int[k + 1];
                    int w = 0;
                    boolean in = false;
                    for (int p = 0; p < k; p++) {
                        boolean nonzero = false;
                        for (int r = 0; r < rows; r++) {
                            nonzero |= x[off + r * lda + p] != 0f;
                        }
                        if (nonzero != in) {
                            want[w++] = p;
                            in = nonzero;
                        }
                    }
                    if (in) {
                        want[w++] = k;
                    }
                    int[] runs = new int[k + 1];
                    int got = NonzeroRuns.find(x, off, lda, rows, k, runs);
                    assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(runs, got),
                            "rows=" + rows + " k=" + k + " " + Arrays.toString(x));
                    int steps = 0;
                    for (int p = 0; p < k; p++) {
                        boolean nonzero = false;
                        for (int r = 0; r < rows; r++) {
                            nonzero |= x[off + r * lda + p] != 0f;
                        }
                        steps += nonzero ? 1 : 0;
                    }
                    assertEquals(steps, NonzeroRuns.count(runs, got));
                }
            }
        }
    }

    /**
     * X·W with sparse X on every path that reads X's rows (in place, copied, packed; whole and partial
     * slivers; split by rows, by columns and along k; accumulating) gives the bits of the product with
     * skipping off, and the plain sum.
     */
    @Test
    void productsThatSkipZeroStepsKeepTheBitsOfTheFullProduct() {
        SplittableRandom rnd = new SplittableRandom(14);
        int kc = FloatGemm.KC, mr = FloatMicroKernel.MR, nr = FloatMicroKernel.NR;
        // {m, k, n, lda − k}: MNIST small's forward (split along k on 2 threads), a batch of 1,000, a
        // stride that is a multiple of 128 (A packed or copied), partial slivers, several k-blocks, few columns
        int[][] shapes = {{64, 784, 128, 0}, {1000, 784, 128, 0}, {mr * 3 + 1, 2 * kc + 7, 2 * nr + 5, 0},
            {50, 3 * kc, 40, 128 - 3 * kc % 128}, {2 * mr - 1, 784, nr, 0}, {300, 784, 1024, 0}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2], lda = k + s[3];
            float[] a = sparse(rnd, m, k, lda), b = random(rnd, k * n), c0 = random(rnd, m * n);
            for (int threads : new int[] {1, 2}) {
                KernelPool.setParallelFlops(0);
                Kernels.setThreads(threads);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] full = c0.clone(), skipped = c0.clone();
                    FloatGemm.setSkipZeros(false);
                    FloatGemm.gemm(m, n, k, a, lda, false, b, n, false, full, n, accumulate);
                    FloatGemm.setSkipZeros(true);
                    FloatGemm.gemm(m, n, k, a, lda, false, b, n, false, skipped, n, accumulate);
                    String what = Arrays.toString(s) + " threads=" + threads + " accumulate=" + accumulate;
                    assertArrayEquals(full, skipped, what);
                    for (int i = 0; i < m; i += 7) {
                        for (int j = 0; j < n; j += 3) {
                            double sum = accumulate ? c0[i * n + j] : 0;
                            for (int p = 0; p < k; p++) {
                                sum += (double) a[i * lda + p] * b[p * n + j];
                            }
                            assertEquals(sum, skipped[i * n + j], 2e-4 * Math.sqrt(k), what + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    /** The dense forward (bias and ReLU in the epilogue) of a sparse batch, skipping on and off: same bits. */
    @Test
    void aDenseForwardOfASparseBatchKeepsItsBits() {
        SplittableRandom rnd = new SplittableRandom(15);
        int m = 64, k = 784, n = 128;
        float[] x = sparse(rnd, m, k, k), w = random(rnd, k * n), bias = random(rnd, n);
        for (int threads : new int[] {1, 2}) {
            KernelPool.setParallelFlops(0);
            Kernels.setThreads(threads);
            float[][] z = new float[2][m * n], out = new float[2][m * n];
            for (int skip = 0; skip < 2; skip++) {
                FloatGemm.setSkipZeros(skip == 1);
                FloatGemm.denseForward(m, n, k, x, w, z[skip], bias, FloatEpilogue.RELU, 0f, out[skip]);
            }
            assertArrayEquals(z[0], z[1], "threads=" + threads);
            assertArrayEquals(out[0], out[1], "threads=" + threads);
        }
    }

    /** A batch whose rows are all zero reads no step of W: a NaN there does not reach the output. */
    @Test
    void stepsZeroInEveryRowSkipTheirRowOfB() {
        int m = 30, k = 600, n = 70;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        SplittableRandom rnd = new SplittableRandom(16);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p += 2) { // odd steps zero in every row
                a[i * k + p] = (float) rnd.nextDouble(-1, 1);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                b[p * n + j] = p % 2 == 1 ? Float.NaN : (float) rnd.nextDouble(-1, 1);
            }
        }
        FloatGemm.gemm(m, n, k, a, k, false, b, n, false, c, n, false);
        for (float v : c) {
            assertTrue(Float.isFinite(v), "a NaN in a row of B that only zeros meet");
        }
        FloatGemm.setSkipZeros(false);
        FloatGemm.gemm(m, n, k, a, k, false, b, n, false, c, n, false);
        assertTrue(Float.isNaN(c[0]), "with skipping off, 0 · NaN is NaN");
    }
}
