package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.init.Rng;
import org.junit.jupiter.api.Test;

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

    @Test
    void splittingOverThreadsGivesTheSameBits() {
        int n = OptimizerKernels.PARALLEL_ELEMENTS * 3 + 5;
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
                    OptimizerKernels.adam(w, g, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f,
                            (float) (1 - Math.pow(0.9, t)), (float) (1 - Math.pow(0.999, t)), 0.01f);
                    OptimizerKernels.momentum(w, g, b, n, 0.01f, 0.9f, true, t == 1);
                    OptimizerKernels.sgd(w, g, n, 0.05f);
                    OptimizerKernels.adagrad(w, g, s, n, 0.01f, 1e-10f);
                    OptimizerKernels.rmsprop(w, g, v, n, 0.01f, 0.99f, 1e-8f);
                    OptimizerKernels.adadelta(w, g, s, u, n, 1f, 0.9f, 1e-6f);
                }
                results[threads - 1] = w;
            }
        } finally {
            Kernels.setThreads(before);
        }
        assertThat(results[1]).isEqualTo(results[0]);
    }
}
