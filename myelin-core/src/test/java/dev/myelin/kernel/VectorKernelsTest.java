package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Holds {@link VectorKernels} to {@link ReferenceKernels} on random and awkward shapes. */
@ExtendWith(RestoresKernelSettings.class)
class VectorKernelsTest {
    private static final int[] DIMS = {1, 3, 17, 31, 64, 785};
    private static final Kernels FAST = VectorKernels.INSTANCE;
    private static final Kernels REF = ReferenceKernels.INSTANCE;
    /** The threshold the process runs with (each test restores it: {@link RestoresKernelSettings}). */
    private static final long DEFAULT_PARALLEL_FLOPS = KernelPool.parallelFlops();

    @BeforeEach
    void splitEvenSmallProducts() {
        // Split even small test products over threads, so the parallel paths are exercised.
        KernelPool.setParallelFlops(0);
    }

    @Test
    void theRegistryPicksTheVectorKernelsWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "tests run with the module");
        assertThat(Kernels.get()).isSameAs(VectorKernels.INSTANCE);
        assertThat(KernelRegistry.vectorKernels()).isSameAs(VectorKernels.INSTANCE);
    }

    /** Shapes m×k×n: every combination of the small sizes, plus ones with a 785 that stay cheap. */
    private static List<int[]> shapes() {
        List<int[]> out = new ArrayList<>();
        for (int m : DIMS) {
            for (int k : DIMS) {
                for (int n : DIMS) {
                    if ((long) m * k * n <= 400_000) {
                        out.add(new int[] {m, k, n});
                    }
                }
            }
        }
        out.add(new int[] {64, 785, 31});
        out.add(new int[] {31, 64, 785});
        out.add(new int[] {785, 31, 64});
        return out;
    }

    @Test
    void productsMatchTheReferenceInBothPrecisionsLayoutsAndThreadCounts() {
        SplittableRandom rnd = new SplittableRandom(42);
        int checked = 0;
        for (Precision precision : Precision.values()) {
            for (int[] s : shapes()) {
                for (int layout = 0; layout < 3; layout++) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        checkProduct(rnd, precision, layout, s[0], s[1], s[2], accumulate);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    /** Builds operands (with spare capacity rows), runs one layout at 1 and 2 threads, compares. */
    private static void checkProduct(SplittableRandom rnd, Precision precision, int layout, int m, int k, int n,
            boolean accumulate) {
        Matrix a, b, c0;
        switch (layout) {
            case 0 -> { // X·W: a m×k, b k×n, c m×n
                a = random(rnd, m, k, precision);
                b = random(rnd, k, n, precision);
                c0 = random(rnd, m, n, precision);
            }
            case 1 -> { // δ·Wᵀ: a m×n, b k×n, c m×k
                a = random(rnd, m, n, precision);
                b = random(rnd, k, n, precision);
                c0 = random(rnd, m, k, precision);
            }
            default -> { // Xᵀ·δ: a m×k, b m×n, c k×n
                a = random(rnd, m, k, precision);
                b = random(rnd, m, n, precision);
                c0 = random(rnd, k, n, precision);
            }
        }
        Matrix expected = c0.copy();
        apply(REF, layout, a, b, expected, accumulate);
        Matrix bound = c0.copy();
        if (!accumulate) {
            bound.fill(0);
        } else {
            abs(bound);
        }
        apply(REF, layout, absCopy(a), absCopy(b), bound, true);
        double tol = precision == Precision.FLOAT32 ? 1e-4 : 1e-12;
        float[] firstF = null;
        double[] firstD = null;
        for (int threads : new int[] {1, 2}) {
            Kernels.setThreads(threads);
            Matrix c = withSpareRows(c0, 3);
            apply(FAST, layout, a, b, c, accumulate);
            String what = "layout " + layout + " " + m + "×" + k + "×" + n + " " + precision + " acc=" + accumulate
                    + " threads=" + threads;
            for (int i = 0; i < expected.size(); i++) {
                double diff = Math.abs(c.get(i) - expected.get(i));
                if (!(diff <= tol * bound.get(i) + 1e-30)) {
                    fail(what + ": element " + i + " is " + c.get(i) + ", expected " + expected.get(i));
                }
            }
            assertSpareRowsUntouched(c, what);
            if (precision == Precision.FLOAT32) {
                float[] got = Arrays.copyOf(c.floats(), c.size());
                if (firstF != null) {
                    assertTrue(Arrays.equals(firstF, got), what + ": differs from 1 thread");
                }
                firstF = got;
            } else {
                double[] got = Arrays.copyOf(c.doubles(), c.size());
                if (firstD != null) {
                    assertTrue(Arrays.equals(firstD, got), what + ": differs from 1 thread");
                }
                firstD = got;
            }
        }
    }

    @Test
    void largerProductsAreBitIdenticalForOneAndTwoThreads() {
        KernelPool.setParallelFlops(DEFAULT_PARALLEL_FLOPS);
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {{150, 531, 97}, {1, 700, 1000}, {257, 300, 40}, {64, 784, 128}};
        for (Precision precision : Precision.values()) {
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                Matrix x = random(rnd, m, k, precision), w = random(rnd, k, n, precision);
                Matrix d = random(rnd, m, n, precision);
                Matrix[][] out = new Matrix[2][3];
                for (int t = 0; t < 2; t++) {
                    Kernels.setThreads(t + 1);
                    out[t][0] = Matrix.zeros(m, n, precision);
                    FAST.matmul(x, w, out[t][0], false);
                    out[t][1] = Matrix.zeros(m, k, precision);
                    FAST.matmulTransposeB(d, w, out[t][1], false);
                    out[t][2] = random(new SplittableRandom(1), k, n, precision);
                    FAST.matmulTransposeA(x, d, out[t][2], true);
                }
                for (int l = 0; l < 3; l++) {
                    String what = "layout " + l + " " + m + "×" + k + "×" + n + " " + precision;
                    if (precision == Precision.FLOAT32) {
                        assertTrue(Arrays.equals(out[0][l].floats(), out[1][l].floats()), what);
                    } else {
                        assertTrue(Arrays.equals(out[0][l].doubles(), out[1][l].doubles()), what);
                    }
                }
            }
        }
    }

    /**
     * A product with few columns (unpacked, {@link FloatNarrowGemm}) gives the same bits as the packed
     * product does for those columns inside a wider one: the path changes speed, never a seeded run.
     */
    @Test
    void fewColumnProductsAreBitIdenticalToThePackedOnes() {
        SplittableRandom rnd = new SplittableRandom(13);
        int wide = 2 * FloatNarrowGemm.MAX_COLS + 5;
        for (int n : new int[] {1, 3, 10, FloatNarrowGemm.MAX_COLS / 2 + 1, FloatNarrowGemm.MAX_COLS}) {
            for (int[] mk : new int[][] {{5, 7}, {29, 40}, {64, 300}, {13, 785}, {10, 784}, {7, 33}}) {
                int m = mk[0], k = mk[1];
                Matrix a = random(rnd, m, k, Precision.FLOAT32), bWide = random(rnd, k, wide, Precision.FLOAT32);
                Matrix b = Matrix.zeros(k, n, Precision.FLOAT32);
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        b.set(p, j, bWide.get(p, j));
                    }
                }
                for (boolean accumulate : new boolean[] {false, true}) {
                    Matrix c0 = random(rnd, m, wide, Precision.FLOAT32);
                    Matrix cWide = c0.copy(), c = Matrix.zeros(m, n, Precision.FLOAT32);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            c.set(i, j, c0.get(i, j));
                        }
                    }
                    for (int threads = 1; threads <= 2; threads++) {
                        Kernels.setThreads(threads);
                        Matrix cw = cWide.copy(), cn = c.copy();
                        FAST.matmul(a, bWide, cw, accumulate);
                        FAST.matmul(a, b, cn, accumulate);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                assertEquals(Float.floatToIntBits((float) cw.get(i, j)), Float.floatToIntBits((float) cn.get(i, j)),
                                        m + "×" + k + "×" + n + " acc=" + accumulate + " threads=" + threads + " at " + i + "," + j);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyInnerDimensionGivesZerosOrKeepsC() {
        for (Precision precision : Precision.values()) {
            Matrix a = Matrix.zeros(5, 0, precision), b = Matrix.zeros(0, 7, precision);
            Matrix c = random(new SplittableRandom(3), 5, 7, precision);
            Matrix kept = c.copy();
            FAST.matmul(a, b, c, true);
            assertThat(c.toArray()).isDeepEqualTo(kept.toArray());
            FAST.matmul(a, b, c, false);
            assertThat(c.toArray()).isDeepEqualTo(Matrix.zeros(5, 7, precision).toArray());
        }
    }

    @Test
    void addRowVectorAndSumRowsMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (Precision precision : Precision.values()) {
            double tol = precision == Precision.FLOAT32 ? 1e-5 : 1e-13;
            for (int m : DIMS) {
                for (int n : DIMS) {
                    Matrix z = random(rnd, m, n, precision), bias = random(rnd, 1, n, precision);
                    Matrix expected = z.copy(), got = withSpareRows(z, 2);
                    REF.addRowVector(expected, bias);
                    FAST.addRowVector(got, bias);
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i), got.get(i), 0.0, "z + b " + m + "×" + n);
                    }
                    assertSpareRowsUntouched(got, "z + b");
                    for (boolean accumulate : new boolean[] {false, true}) {
                        Matrix out0 = random(rnd, 1, n, precision);
                        Matrix want = out0.copy(), have = out0.copy();
                        REF.sumRows(z, want, accumulate);
                        FAST.sumRows(withSpareRows(z, 2), have, accumulate);
                        for (int j = 0; j < n; j++) {
                            double scale = Math.abs(out0.get(j));
                            for (int i = 0; i < m; i++) {
                                scale += Math.abs(z.get(i, j));
                            }
                            assertEquals(want.get(j), have.get(j), tol * scale + 1e-30, "Σ rows " + m + "×" + n);
                        }
                    }
                }
            }
        }
    }

    private static void apply(Kernels k, int layout, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        switch (layout) {
            case 0 -> k.matmul(a, b, c, accumulate);
            case 1 -> k.matmulTransposeB(a, b, c, accumulate);
            default -> k.matmulTransposeA(a, b, c, accumulate);
        }
    }

    /** A random matrix whose arrays hold 2 spare rows of NaN beyond the rows in use. */
    private static Matrix random(SplittableRandom rnd, int rows, int cols, Precision precision) {
        Matrix m = Matrix.zeros(rows + 2, cols, precision);
        m.fill(Double.NaN);
        m.setRows(rows);
        for (int i = 0; i < rows * cols; i++) {
            m.set(i, rnd.nextDouble(-1, 1));
        }
        return m;
    }

    /** A copy of {@code src} in a matrix with {@code spare} more capacity rows, filled with NaN. */
    private static Matrix withSpareRows(Matrix src, int spare) {
        Matrix m = Matrix.zeros(src.rows() + spare, src.cols(), src.precision());
        m.fill(Double.NaN);
        m.setRows(src.rows());
        m.copyFrom(src);
        return m;
    }

    private static void assertSpareRowsUntouched(Matrix m, String what) {
        int used = m.size();
        int total = m.capacityRows() * m.cols();
        for (int i = used; i < total; i++) {
            assertTrue(Double.isNaN(m.get(i)), what + ": wrote past the rows in use at " + i);
        }
    }

    private static Matrix absCopy(Matrix src) {
        Matrix m = src.copy();
        abs(m);
        return m;
    }

    private static void abs(Matrix m) {
        for (int i = 0; i < m.size(); i++) {
            m.set(i, Math.abs(m.get(i)));
        }
    }
}
