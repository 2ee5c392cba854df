package dev.myelin.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link FloatWeightGradient} (∂E/∂W = Xᵀ·δ for a small batch, unpacked) to the packed product
 * bit for bit, and to a plain double-precision loop within float rounding, on awkward shapes.
 */
class VectorWeightGradientTest {
    private static final int V = FloatMicroKernel.V;
    private static final int[] BATCHES = {1, 3, 10, 17, 64};
    private static final int[] INPUTS = {1, 3, 7, 8, 9, 17, 30, 128, 785};

    private static int[] columns() {
        return new int[] {1, 3, 10, V - 1, V, V + 1, 2 * V - 2, 2 * V, 2 * V + 3, 3 * V, 3 * V + 1, 4 * V};
    }

    @Test
    void givesTheBitsOfThePackedProductAndWritesNothingPastC() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int m : BATCHES) {
            for (int k : INPUTS) {
                for (int n : columns()) {
                    float[] a = random(rnd, m * k), b = random(rnd, m * n);
                    float[] packed = new float[k * n];
                    FloatGemm.gemm(k, n, m, a, k, true, b, n, false, packed, n, false);
                    float[] c = new float[k * n + 3 * V]; // a spare tail that must stay NaN
                    Arrays.fill(c, Float.NaN);
                    FloatWeightGradient.atb(m, n, k, a, k, b, n, c);
                    String what = m + "×" + k + " by " + m + "×" + n;
                    for (int i = 0; i < k * n; i++) {
                        assertEquals(Float.floatToIntBits(packed[i]), Float.floatToIntBits(c[i]), what + " at " + i);
                    }
                    for (int i = k * n; i < c.length; i++) {
                        assertTrue(Float.isNaN(c[i]), what + ": wrote past C at " + i);
                    }
                }
            }
        }
    }

    @Test
    void matchesThePlainLoopOfXTransposedTimesDelta() {
        SplittableRandom rnd = new SplittableRandom(12);
        int m = 10, k = 785, n = Math.min(30, FloatWeightGradient.MAX_COLS); // nielsen's first layer and batch, one input more
        float[] x = random(rnd, m * k), d = random(rnd, m * n), c = new float[k * n];
        FloatWeightGradient.atb(m, n, k, x, k, d, n, c);
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += (double) x[i * k + p] * d[i * n + j];
                }
                assertEquals(s, c[p * n + j], 1e-5, "at " + p + "," + j);
            }
        }
    }

    @Test
    void theKernelsTakeItForSmallBatchesOnlyAndGiveTheSameBitsEitherWay() {
        int n = Math.min(30, FloatWeightGradient.MAX_COLS);
        assertTrue(FloatWeightGradient.takes(10, n, 784), "nielsen's first layer");
        assertTrue(!FloatWeightGradient.takes(FloatGemm.KC + 1, 10, 30), "a batch of more than one k-block");
        assertTrue(!FloatWeightGradient.takes(10, FloatWeightGradient.MAX_COLS + 1, 30), "too many columns");
        SplittableRandom rnd = new SplittableRandom(13);
        Matrix x = Matrix.zeros(10, 784, Precision.FLOAT32), d = Matrix.zeros(10, n, Precision.FLOAT32);
        fill(rnd, x);
        fill(rnd, d);
        Matrix viaKernels = Matrix.zeros(784, n, Precision.FLOAT32);
        VectorKernels.INSTANCE.matmulTransposeA(x, d, viaKernels, false);
        float[] packed = new float[784 * n];
        FloatGemm.gemm(784, n, 10, x.floats(), 784, true, d.floats(), n, false, packed, n, false);
        assertTrue(Arrays.equals(packed, viaKernels.floats()));
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void fill(SplittableRandom rnd, Matrix m) {
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rnd.nextDouble() * 2 - 1);
        }
    }
}
