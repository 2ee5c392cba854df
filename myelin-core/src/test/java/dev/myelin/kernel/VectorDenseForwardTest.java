package dev.myelin.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.myelin.activations.Activation;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds the fused forward of a dense layer (Z = X·W + b and A = g(Z) with the bias and activation in
 * the product's epilogue) to the three plain passes: Z and A bit-identical to the unfused fast
 * passes for every activation, both close to the reference loops, the same bits for 1 and 2 threads.
 */
@ExtendWith(RestoresKernelSettings.class)
class VectorDenseForwardTest {
    private static final Kernels FAST = VectorKernels.INSTANCE;
    private static final Kernels REF = ReferenceKernels.INSTANCE;
    private static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.RELU, Activation.leakyRelu(0.1),
        Activation.SIGMOID, Activation.TANH, Activation.SOFTMAX, Activation.GELU};
    private static final int[] DIMS = {1, 3, 17, 785};

    @BeforeEach
    void splitEvenSmallProducts() {
        KernelPool.setParallelFlops(0); // split even small products over the threads
    }

    @Test
    void aHandComputedLayer() {
        // x = [1, 2; 1, −2], W = [1, −1; 0.5, 2], b = [0.5, −1]:
        // z = [1 + 1 + 0.5, −1 + 4 − 1; 1 − 1 + 0.5, −1 − 4 − 1] = [2.5, 2; 0.5, −6], relu(z) = [2.5, 2; 0.5, 0]
        Matrix x = Matrix.of(new double[][] {{1, 2}, {1, -2}}, Precision.FLOAT32);
        Matrix w = Matrix.of(new double[][] {{1, -1}, {0.5, 2}}, Precision.FLOAT32);
        Matrix b = Matrix.row(new double[] {0.5, -1}, Precision.FLOAT32);
        Matrix z = Matrix.zeros(2, 2, Precision.FLOAT32), a = Matrix.zeros(2, 2, Precision.FLOAT32);
        FAST.denseForward(x, w, b, Activation.RELU, z, a);
        assertArrayEquals(new float[] {2.5f, 2f, 0.5f, -6f}, z.floats());
        assertArrayEquals(new float[] {2.5f, 2f, 0.5f, 0f}, a.floats());
    }

    @Test
    void fusedMatchesTheUnfusedPassesAndTheReference() {
        SplittableRandom rnd = new SplittableRandom(5);
        int checked = 0;
        for (int m : DIMS) {
            for (int k : DIMS) {
                for (int n : DIMS) {
                    if ((long) m * k * n <= 200_000) { // every shape, the activations in turn
                        check(rnd, ACTIVATIONS[checked++ % ACTIVATIONS.length], m, k, n);
                    }
                }
            }
        }
        for (Activation g : ACTIVATIONS) { // every activation on whole and partial tiles, and few columns
            check(rnd, g, 130, 784, 128); // the `small` benchmark's first layer
            check(rnd, g, 29, 40, 10);
            checked += 2;
        }
        assertTrue(checked > 50);
    }

    @Test
    void float64TakesTheThreePasses() {
        SplittableRandom rnd = new SplittableRandom(9);
        Matrix x = random(rnd, 17, 31, Precision.FLOAT64), w = random(rnd, 31, 3, Precision.FLOAT64);
        Matrix b = random(rnd, 1, 3, Precision.FLOAT64);
        Matrix z = Matrix.zeros(17, 3, Precision.FLOAT64), a = Matrix.zeros(17, 3, Precision.FLOAT64);
        Matrix z2 = z.copy(), a2 = a.copy();
        FAST.denseForward(x, w, b, Activation.TANH, z, a);
        FAST.matmul(x, w, z2, false);
        FAST.addRowVector(z2, b);
        FAST.activationForward(Activation.TANH, z2, a2);
        assertArrayEquals(z2.doubles(), z.doubles());
        assertArrayEquals(a2.doubles(), a.doubles());
    }

    private static void check(SplittableRandom rnd, Activation g, int m, int k, int n) {
        String what = g.name() + " " + m + "×" + k + "×" + n;
        Matrix x = random(rnd, m, k, Precision.FLOAT32), w = random(rnd, k, n, Precision.FLOAT32);
        Matrix b = random(rnd, 1, n, Precision.FLOAT32);
        Matrix zRef = Matrix.zeros(m, n, Precision.FLOAT32), aRef = Matrix.zeros(m, n, Precision.FLOAT32);
        REF.denseForward(x, w, b, g, zRef, aRef);
        Matrix zPlain = Matrix.zeros(m, n, Precision.FLOAT32), aPlain = Matrix.zeros(m, n, Precision.FLOAT32);
        FAST.matmul(x, w, zPlain, false);
        FAST.addRowVector(zPlain, b);
        FAST.activationForward(g, zPlain, aPlain);
        float[] firstZ = null, firstA = null;
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Matrix z = spare(m, n), a = spare(m, n);
            FAST.denseForward(x, w, b, g, z, a);
            assertSpareRowsUntouched(z, what + " z");
            assertSpareRowsUntouched(a, what + " a");
            float[] zs = Arrays.copyOf(z.floats(), m * n), as = Arrays.copyOf(a.floats(), m * n);
            assertArrayEquals(Arrays.copyOf(zPlain.floats(), m * n), zs, what + ": Z differs from the unfused passes");
            for (int i = 0; i < m * n; i++) {
                float want = aPlain.floats()[i];
                if (Float.floatToIntBits(as[i]) != Float.floatToIntBits(want)) {
                    fail(what + ": a[" + i + "] = " + as[i] + ", unfused " + want);
                }
                // the reference: Z to the product's float32 tolerance, A through g (|g'| ≤ 1)
                double scale = Math.abs(b.floats()[i % n]);
                for (int p = 0; p < k; p++) {
                    scale += Math.abs(x.floats()[i / n * k + p] * w.floats()[p * n + i % n]);
                }
                assertEquals(zRef.floats()[i], zs[i], 1e-4 * scale + 1e-30, what + ": z[" + i + "] vs reference");
                if (g != Activation.SOFTMAX) {
                    assertEquals(aRef.floats()[i], as[i], 1e-4 * scale + 2e-6, what + ": a[" + i + "] vs reference");
                }
            }
            if (firstZ != null) {
                assertArrayEquals(firstZ, zs, what + ": Z differs between 1 and 2 threads");
                assertArrayEquals(firstA, as, what + ": A differs between 1 and 2 threads");
            }
            firstZ = zs;
            firstA = as;
        }
    }

    private static Matrix random(SplittableRandom rnd, int rows, int cols, Precision precision) {
        Matrix m = Matrix.zeros(rows, cols, precision);
        for (int i = 0; i < rows * cols; i++) {
            m.set(i, rnd.nextDouble(-1, 1));
        }
        return m;
    }

    /** An m×n float32 matrix with 2 spare capacity rows of NaN. */
    private static Matrix spare(int m, int n) {
        Matrix out = Matrix.zeros(m + 2, n, Precision.FLOAT32);
        out.fill(Double.NaN);
        return out.setRows(m);
    }

    private static void assertSpareRowsUntouched(Matrix m, String what) {
        for (int i = m.size(); i < m.capacityRows() * m.cols(); i++) {
            assertTrue(Double.isNaN(m.get(i)), what + ": wrote past the rows in use at " + i);
        }
    }
}
