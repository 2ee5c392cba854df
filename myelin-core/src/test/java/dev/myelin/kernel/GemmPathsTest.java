package dev.myelin.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The speed paths inside {@link FloatGemm}: A read in place ({@link FloatUnpackedKernel}, or a
 * transposed A by the k-major {@link FloatMicroKernel}) gives the same bits as the packed product, for one thread, two, and a product nested in a pool job, and agrees
 * with a plain triple loop; the softmax epilogue of an output layer.
 */
@ExtendWith(RestoresKernelSettings.class)
class GemmPathsTest {
    private static final int MR = FloatMicroKernel.MR, NR = FloatMicroKernel.NR;

    /** The plain loop: C[i][j] = Σ_p A[i][p]·B[p][j] in double precision. */
    private static double[] reference(float[] a, int lda, float[] b, int ldb, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * lda + p] * b[p * ldb + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void aReadInPlaceGivesThePackedKernelsBits() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int kc : new int[] {1, 7, 64, 255}) {
            int lda = kc + 5, ldc = NR + 3;
            float[] a = KernelTestSupport.uniform(rnd, MR * lda), b = KernelTestSupport.uniform(rnd, kc * NR);
            float[] pa = new float[MR * kc];
            FloatPacking.packA(a, lda, 0, MR, 0, kc, pa);
            for (boolean load : new boolean[] {false, true}) {
                float[] c0 = KernelTestSupport.uniform(rnd, MR * ldc);
                float[] packed = c0.clone(), inPlace = c0.clone();
                FloatMicroKernel.tile(pa, 0, b, 0, kc, packed, 0, ldc, load);
                FloatUnpackedKernel.tile(a, 0, lda, b, 0, kc, inPlace, 0, ldc, load);
                assertArrayEquals(packed, inPlace, "kc=" + kc + " load=" + load);
                float[] rows = new float[MR * (kc + 16)], fromCopy = c0.clone();
                FloatPacking.packARows(a, lda, false, 0, MR, 0, kc, rows, 0, kc + 16);
                FloatUnpackedKernel.tile(rows, 0, kc + 16, b, 0, kc, fromCopy, 0, ldc, load);
                assertArrayEquals(packed, fromCopy, "rows copied, kc=" + kc + " load=" + load);
                double[] want = reference(a, lda, b, NR, MR, kc, NR);
                for (int i = 0; i < MR; i++) {
                    for (int j = 0; j < NR; j++) {
                        double expected = want[i * NR + j] + (load ? c0[i * ldc + j] : 0);
                        assertEquals(expected, packed[i * ldc + j], 1e-4 * (kc + 1), "kc=" + kc + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void aTransposedReadInPlaceGivesThePackedKernelsBits() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int kc : new int[] {1, 7, 64, 255}) {
            int ldx = MR + 9, ldc = NR + 3; // X is kc×ldx; A = Xᵀ, its MR rows are X's first MR columns
            float[] x = KernelTestSupport.uniform(rnd, kc * ldx), b = KernelTestSupport.uniform(rnd, kc * NR);
            float[] pa = new float[MR * kc];
            FloatPacking.packATransposed(x, ldx, 0, MR, 0, kc, pa);
            for (boolean load : new boolean[] {false, true}) {
                float[] c0 = KernelTestSupport.uniform(rnd, MR * ldc);
                float[] packed = c0.clone(), inPlace = c0.clone();
                FloatMicroKernel.tile(pa, 0, b, 0, kc, packed, 0, ldc, load);
                FloatMicroKernel.tile(x, 0, ldx, b, 0, kc, inPlace, 0, ldc, load);
                assertArrayEquals(packed, inPlace, "kc=" + kc + " load=" + load);
            }
        }
    }

    @Test
    void transposedProductsGiveTheBitsOfTheirMaterializedTranspose() {
        SplittableRandom rnd = new SplittableRandom(6);
        KernelPool.setParallelFlops(0);
        // C[m×n] = Xᵀ·B with X k×m: read in place (m = 784, 301), a partial sliver only, packed (m = 256), k over several k-blocks
        int[][] shapes = {{784, 64, 128}, {301, 10, 3 * NR + 1}, {MR - 1, 40, 2 * NR}, {256, 37, 70}, {2 * MR + 3, 600, NR}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] x = KernelTestSupport.uniform(rnd, k * m), b = KernelTestSupport.uniform(rnd, k * n);
            float[] xt = new float[m * k];
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    xt[i * k + p] = x[p * m + i];
                }
            }
            float[] plain = new float[m * n];
            Kernels.setThreads(1);
            FloatGemm.gemm(m, n, k, xt, k, false, b, n, false, plain, n, false);
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                float[] c = new float[m * n];
                FloatGemm.gemm(m, n, k, x, m, true, b, n, false, c, n, false);
                assertArrayEquals(plain, c, Arrays.toString(s) + " on " + threads + " thread(s)");
            }
            double[] want = reference(xt, k, b, n, m, k, n);
            for (int i = 0; i < m * n; i++) {
                assertEquals(want[i], plain[i], 2e-4 * Math.sqrt(k), Arrays.toString(s) + " element " + i);
            }
        }
    }

    @Test
    void lastRowsFourAtATimeGiveThePaddedSliversBits() {
        SplittableRandom rnd = new SplittableRandom(8);
        KernelPool.setParallelFlops(0);
        // every remainder of rows below MR, whole and partial column slivers, one and several k-blocks
        for (int extra = 1; extra < MR; extra++) {
            for (int[] kn : new int[][] {{300, 2 * NR}, {40, NR + 5}, {600, 3}}) {
                int m = 2 * MR + extra, k = kn[0], n = kn[1];
                float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
                for (boolean accumulate : new boolean[] {false, true}) {
                    for (int threads = 1; threads <= 2; threads++) {
                        Kernels.setThreads(threads);
                        float[] padded = c0.clone(), quads = c0.clone();
                        FloatGemm.setQuadRows(false);
                        FloatGemm.gemm(m, n, k, a, k, false, b, n, false, padded, n, accumulate);
                        FloatGemm.setQuadRows(true);
                        FloatGemm.gemm(m, n, k, a, k, false, b, n, false, quads, n, accumulate);
                        assertArrayEquals(padded, quads, "m=" + m + " k=" + k + " n=" + n + " accumulate=" + accumulate
                                + " threads=" + threads);
                    }
                }
            }
        }
    }

    @Test
    void transposedFiveRowTilesGiveTheCopiedRowsBits() {
        // the path runs on AVX2 (the kernels-avx2 test run); elsewhere both settings take the same path
        assertEquals(FloatMicroKernel.V == 8, FloatGemm.readsATransposedInFives(true, 784));
        assertTrue(!FloatGemm.readsATransposedInFives(true, 1024) && !FloatGemm.readsATransposedInFives(false, 784));
        SplittableRandom rnd = new SplittableRandom(10);
        KernelPool.setParallelFlops(0);
        int mc = FloatGemm.MC;
        // every remainder of five rows in a block and at the end, whole and partial column slivers, k over two blocks
        int[] ms = {1, 2, 3, 4, 5, 6, 9, 13, mc - 1, mc, mc + 1, mc + 3, mc + 4, 2 * mc + 2, 301, 784};
        int[][] kns = {{64, 128}, {7, NR + 5}, {FloatGemm.KC + 9, 3}};
        for (int m : ms) {
            for (int[] kn : kns) {
                int k = kn[0], n = kn[1];
                float[] x = KernelTestSupport.uniform(rnd, k * (m + 3)), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
                for (boolean accumulate : new boolean[] {false, true}) {
                    for (int threads = 1; threads <= 2; threads++) {
                        Kernels.setThreads(threads);
                        float[] copied = c0.clone(), fives = c0.clone();
                        FloatGemm.setTransposedFives(false);
                        FloatGemm.gemm(m, n, k, x, m + 3, true, b, n, false, copied, n, accumulate);
                        FloatGemm.setTransposedFives(true);
                        FloatGemm.gemm(m, n, k, x, m + 3, true, b, n, false, fives, n, accumulate);
                        assertArrayEquals(copied, fives, "m=" + m + " k=" + k + " n=" + n + " accumulate=" + accumulate
                                + " threads=" + threads);
                    }
                }
            }
        }
    }

    @Test
    void aTransposedACopiedOncePerKBlockGivesTheBitsOfOneCopyPerPanel() {
        // AVX2 copies a transposed A with a row stride of 128 floats; elsewhere both settings take the same path
        SplittableRandom rnd = new SplittableRandom(11);
        KernelPool.setParallelFlops(0);
        int nc = FloatGemm.NC, kc = FloatGemm.KC;
        int[][] shapes = {{128, 64, 2 * nc}, {FloatGemm.MC + 7, kc + 5, nc + NR + 3}, {301, 2 * kc + 1, 3 * nc - 5}, {5, 9, nc + 1}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2], ldx = 128 * ((m + 127) / 128);
            float[] x = KernelTestSupport.uniform(rnd, k * ldx), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    Kernels.setThreads(threads);
                    float[] perPanel = c0.clone(), hoisted = c0.clone();
                    FloatGemm.setHoistCopies(false);
                    FloatGemm.gemm(m, n, k, x, ldx, true, b, n, false, perPanel, n, accumulate);
                    FloatGemm.setHoistCopies(true);
                    FloatGemm.gemm(m, n, k, x, ldx, true, b, n, false, hoisted, n, accumulate);
                    assertArrayEquals(perPanel, hoisted, Arrays.toString(s) + " accumulate=" + accumulate
                            + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void aFewRowsGiveEachColumnsBitsWhateverTheStripItFallsIn() {
        SplittableRandom rnd = new SplittableRandom(9);
        int v = FloatMicroKernel.V;
        int n = 16 * v + 8 * v + 4 * v + 3; // one strip of each width, then masked columns
        for (int m = 1; m <= FloatSkinnyGemm.MAX_ROWS; m++) {
            for (int k : new int[] {1, 37, 784}) {
                float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] c = c0.clone();
                    FloatSkinnyGemm.ab(m, n, k, a, k, b, n, c, n, accumulate, new int[k + 1]);
                    double[] want = reference(a, k, b, n, m, k, n);
                    for (int j = 0; j < n; j++) { // column j alone goes through the masked one-vector loop
                        float[] bj = new float[k], cj = new float[m];
                        for (int p = 0; p < k; p++) {
                            bj[p] = b[p * n + j];
                        }
                        for (int i = 0; i < m; i++) {
                            cj[i] = c0[i * n + j];
                        }
                        FloatSkinnyGemm.ab(m, 1, k, a, k, bj, 1, cj, 1, accumulate, new int[k + 1]);
                        for (int i = 0; i < m; i++) {
                            assertEquals(Float.floatToIntBits(cj[i]), Float.floatToIntBits(c[i * n + j]),
                                    "m=" + m + " k=" + k + " column " + j + " row " + i);
                            double expected = want[i * n + j] + (accumulate ? c0[i * n + j] : 0);
                            assertEquals(expected, c[i * n + j], 2e-4 * Math.sqrt(k), "m=" + m + " k=" + k + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFewRowsSkipTheirZeroStepsAndKeepTheFullChainsBits() {
        SplittableRandom rnd = new SplittableRandom(11);
        int v = FloatMicroKernel.V;
        int n = 8 * v + 4 * v + 3;
        for (int m = 1; m <= FloatSkinnyGemm.MAX_ROWS; m++) {
            for (int k : new int[] {1, v - 1, 3 * v + 1, 784}) {
                float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * n);
                for (int p = 0; p < a.length; p++) { // zeros in runs of every length, some of them −0
                    if (rnd.nextInt(3) > 0) {
                        int run = rnd.nextInt(1, 2 * v);
                        for (int q = p; q < Math.min(a.length, p + run); q++) {
                            a[q] = rnd.nextBoolean() ? 0f : -0f;
                        }
                        p += run;
                    }
                }
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] c = c0.clone();
                    FloatSkinnyGemm.ab(m, n, k, a, k, b, n, c, n, accumulate, new int[k + 1]);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) { // the plain chain over every step, zeros included
                            float s = 0f;
                            for (int p = 0; p < k; p++) {
                                s = Math.fma(a[i * k + p], b[p * n + j], s);
                            }
                            float want = accumulate ? s + c0[i * n + j] : s;
                            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(c[i * n + j]),
                                    "m=" + m + " k=" + k + " accumulate=" + accumulate + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRowOfZerosGivesZerosAndAZeroInputSkipsItsRowOfB() {
        int k = 40, n = 5;
        float[] a = new float[k], b = new float[k * n], c = new float[n];
        Arrays.fill(b, Float.NaN);
        FloatSkinnyGemm.ab(1, n, k, a, k, b, n, c, n, false, new int[k + 1]);
        assertArrayEquals(new float[n], c, "all inputs zero: B is never read");
        a[7] = 2f;
        for (int j = 0; j < n; j++) {
            b[7 * n + j] = j;
        }
        FloatSkinnyGemm.ab(1, n, k, a, k, b, n, c, n, false, new int[k + 1]);
        assertArrayEquals(new float[] {0f, 2f, 4f, 6f, 8f}, c, "one nonzero input: its row of B, scaled");
        a[8] = Float.NaN; // a NaN input is not zero: its row is read
        FloatSkinnyGemm.ab(1, n, k, a, k, b, n, c, n, false, new int[k + 1]);
        assertTrue(Float.isNaN(c[0]), "a NaN input reaches the output");
    }

    @Test
    void nonzeroRunsMatchAScalarScan() {
        SplittableRandom rnd = new SplittableRandom(12);
        int v = FloatMicroKernel.V;
        float[] values = {0f, -0f, 1f, -2.5f, Float.NaN, Float.MIN_VALUE};
        for (int k = 0; k <= 4 * v + 3; k++) {
            for (int trial = 0; trial < 50; trial++) {
                int off = rnd.nextInt(3);
                float[] x = new float[off + k];
                for (int p = 0; p < x.length; p++) {
                    x[p] = trial == 0 ? 1f : trial == 1 ? 0f : values[rnd.nextInt(values.length)];
                }
                int[] want = new int[k + 1];
                int w = 0;
                boolean in = false;
                for (int p = 0; p < k; p++) {
                    boolean nonzero = x[off + p] != 0f;
                    if (nonzero != in) {
                        want[w++] = p;
                        in = nonzero;
                    }
                }
                if (in) {
                    want[w++] = k;
                }
                int[] runs = new int[k + 1];
                int got = FloatSkinnyGemm.nonzeroRuns(x, off, k, runs);
                assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(runs, got), "k=" + k + " " + Arrays.toString(x));
            }
        }
    }

    @Test
    void productsWithAInPlaceMatchTheReferenceAndOneThread() {
        SplittableRandom rnd = new SplittableRandom(5);
        KernelPool.setParallelFlops(0);
        // in place (k = 784, 300, 513), a partial sliver only (MR − 1 rows), packed (k = 256)
        int[][] shapes = {{1000, 784, 128}, {2 * MR + 1, 300, 3 * NR + 1}, {MR - 1, 40, 2 * NR}, {37, 513, 70}, {40, 256, 70}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n);
            float[] first = null;
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                float[] c = new float[m * n];
                FloatGemm.gemm(m, n, k, a, k, false, b, n, false, c, n, false);
                if (first == null) {
                    double[] want = reference(a, k, b, n, m, k, n);
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(want[i], c[i], 2e-4 * Math.sqrt(k), Arrays.toString(s) + " element " + i);
                    }
                    first = c;
                } else {
                    assertArrayEquals(first, c, Arrays.toString(s) + ": 2 threads differ from 1");
                }
            }
        }
    }

    @Test
    void aProductNestedInAPoolJobRunsItsPartsInTurnWithTheSameBits() {
        SplittableRandom rnd = new SplittableRandom(17);
        KernelPool.setParallelFlops(0);
        int m = 150, k = 531, n = 97;
        float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n);
        Kernels.setThreads(1);
        float[] want = new float[m * n];
        FloatGemm.gemm(m, n, k, a, k, false, b, n, false, want, n, false);
        Kernels.setThreads(2);
        float[][] got = new float[2][m * n];
        // the caller's part runs a nested product: the pool computes its parts one after another
        KernelPool.run(part -> FloatGemm.gemm(m, n, k, a, k, false, b, n, false, got[part], n, false), 2);
        assertArrayEquals(want, got[0]);
        assertArrayEquals(want, got[1]);
        assertTrue(FloatGemm.readsAInPlace(false, 784));
        assertTrue(!FloatGemm.readsAInPlace(false, 1024) && !FloatGemm.readsAInPlace(true, 784));
    }

    /** The softmax epilogue of an output layer against pᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z) in double precision. */
    @Test
    void theSoftmaxEpilogueIsTheSoftmaxOfZ() {
        SplittableRandom rnd = new SplittableRandom(23);
        KernelPool.setParallelFlops(0);
        for (int n : new int[] {1, 3, 10, FloatNarrowGemm.MAX_COLS}) {
            int m = 37, k = 50;
            dev.myelin.tensor.Matrix x = dev.myelin.tensor.Matrix.zeros(m, k, dev.myelin.tensor.Precision.FLOAT32);
            dev.myelin.tensor.Matrix w = dev.myelin.tensor.Matrix.zeros(k, n, dev.myelin.tensor.Precision.FLOAT32);
            dev.myelin.tensor.Matrix b = dev.myelin.tensor.Matrix.zeros(1, n, dev.myelin.tensor.Precision.FLOAT32);
            for (dev.myelin.tensor.Matrix t : new dev.myelin.tensor.Matrix[] {x, w, b}) {
                for (int i = 0; i < t.size(); i++) {
                    t.set(i, rnd.nextDouble(-2, 2));
                }
            }
            dev.myelin.tensor.Matrix z = dev.myelin.tensor.Matrix.zeros(m, n, dev.myelin.tensor.Precision.FLOAT32);
            dev.myelin.tensor.Matrix a = dev.myelin.tensor.Matrix.zeros(m, n, dev.myelin.tensor.Precision.FLOAT32);
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                VectorKernels.INSTANCE.denseForward(x, w, b, dev.myelin.activations.Activation.SOFTMAX, z, a);
                for (int i = 0; i < m; i++) {
                    double max = Double.NEGATIVE_INFINITY, sum = 0, total = 0;
                    for (int j = 0; j < n; j++) {
                        max = Math.max(max, z.get(i, j));
                    }
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(z.get(i, j) - max);
                    }
                    for (int j = 0; j < n; j++) {
                        assertEquals(Math.exp(z.get(i, j) - max) / sum, a.get(i, j), 2e-6, "n=" + n + " at " + i + "," + j);
                        total += a.get(i, j);
                    }
                    assertEquals(1.0, total, 1e-5, "n=" + n + " row " + i + " sums to 1");
                }
            }
        }
    }
}
