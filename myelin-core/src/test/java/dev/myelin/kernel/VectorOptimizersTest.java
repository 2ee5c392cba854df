package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.init.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizer fast path split over the kernel threads gives the same bits as on one thread (the
 * formulas themselves are held to each optimizer's reference loop by {@code OptimizerFastPathTest}).
 */
class VectorOptimizersTest {

    private static float[] random(Rng rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.abs(rng.nextGaussian() * scale);
        }
        return a;
    }

    /**
     * 1 and 2 threads, the parameter split into its rows' owners' bands (784 rows: four k-blocks, two
     * per thread) or, with one row, into chunks: the same bits.
     */
    @ParameterizedTest
    @ValueSource(ints = {784, 1})
    void splittingOverThreadsGivesTheSameBits(int rows) {
        int n = 784 * 256;
        assertThat(n).isGreaterThan(OptimizerKernels.PARALLEL_ELEMENTS);
        assertThat(FloatGemm.ownerSplit(rows, 2)).isEqualTo(rows == 784);
        float[][] results = new float[2][];
        int before = Kernels.threads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                Rng rng = new Rng(99);
                float[] w = random(rng, n, 1), m = new float[n], v = new float[n], b = new float[n];
                float[] s = new float[n], u = new float[n];
                for (int t = 1; t <= 3; t++) {
                    float[] g = random(rng, n, 0.1);
                    OptimizerKernels.adam(w, g, m, v, rows, n / rows, 1e-3f, 0.9f, 0.999f, 1e-8f,
                            (float) (1 - Math.pow(0.9, t)), (float) (1 - Math.pow(0.999, t)), 0.01f);
                    OptimizerKernels.momentum(w, g, b, rows, n / rows, 0.01f, 0.9f, true, t == 1);
                    OptimizerKernels.sgd(w, g, rows, n / rows, 0.05f);
                    OptimizerKernels.adagrad(w, g, s, rows, n / rows, 0.01f, 1e-10f);
                    OptimizerKernels.rmsprop(w, g, v, rows, n / rows, 0.01f, 0.99f, 1e-8f);
                    OptimizerKernels.adadelta(w, g, s, u, rows, n / rows, 1f, 0.9f, 1e-6f);
                }
                results[threads - 1] = w;
            }
        } finally {
            Kernels.setThreads(before);
        }
        assertThat(results[1]).isEqualTo(results[0]);
    }

    /**
     * Weights whose gradient turns 0 (a pixel that goes blank) decay their m through the subnormal
     * floats; the kernel stores those as 0 and every weight and v keeps the bits of the same loop
     * without the flush (written out here in the kernel's order of operations).
     */
    @Test
    void adamFlushesSubnormalFirstMomentsWithoutChangingAnyWeight() {
        int n = 4 * 1024 + 3; // vector body and scalar tail
        Rng rng = new Rng(7);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (rng.nextGaussian() * 0.05);
        }
        float[] wRef = w.clone(), m = new float[n], v = new float[n], mRef = new float[n], vRef = new float[n];
        float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
        int subnormalSeen = 0;
        for (int t = 1; t <= 1200; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                boolean active = t <= 5 + i % 50 || (i % 7 == 0 && rng.nextDouble() < 0.01);
                g[i] = active ? (float) (rng.nextGaussian() * 0.01) : 0f;
            }
            float c1 = (float) (1 - Math.pow(beta1, t)), c2 = (float) (1 - Math.pow(beta2, t));
            VectorOptimizers.adam(w, g, m, v, 0, n, lr, beta1, beta2, eps, c1, c2, 0f);
            float inv1 = 1f / c1, inv2 = 1f / c2;
            for (int i = 0; i < n; i++) { // the loop without the flush
                float mi = mRef[i] * beta1 + g[i] * (1f - beta1);
                float vi = vRef[i] * beta2 + g[i] * g[i] * (1f - beta2);
                mRef[i] = mi;
                vRef[i] = vi;
                wRef[i] = wRef[i] - mi * inv1 / ((float) Math.sqrt(vi * inv2) + eps) * lr;
            }
            for (int i = 0; i < n; i++) {
                boolean subnormal = mRef[i] != 0 && Math.abs(mRef[i]) < Float.MIN_NORMAL;
                subnormalSeen += subnormal ? 1 : 0;
                assertThat(m[i]).as("m[%d] at step %d", i, t).isEqualTo(subnormal ? 0f : mRef[i]);
            }
            assertThat(v).as("v at step %d", t).isEqualTo(vRef);
            assertThat(w).as("w at step %d", t).isEqualTo(wRef);
        }
        assertThat(subnormalSeen).as("the decays pass through the subnormals").isGreaterThan(10_000);
    }
}
