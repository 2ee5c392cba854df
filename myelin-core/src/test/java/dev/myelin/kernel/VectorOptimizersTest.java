package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.init.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Holds the SIMD optimizer loops to the formulas, evaluated in double by plain loops. */
class VectorOptimizersTest {

    private static float[] random(Rng rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian() * scale);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 785, 4096})
    void sgd(int n) {
        Rng rng = new Rng(n);
        float[] w = random(rng, n, 1), g = random(rng, n, 0.1);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (float) (w[i] - 0.3 * g[i]);
        }
        VectorOptimizers.sgd(w, g, n, 0.3f);
        for (int i = 0; i < n; i++) {
            assertThat(w[i]).isCloseTo(expected[i], within(1e-6f * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 785})
    void momentumHeavyBallAndNesterov(int n) {
        for (boolean nesterov : new boolean[] {false, true}) {
            Rng rng = new Rng(n + 7);
            float[] w = random(rng, n, 1), b = new float[n];
            double[] wd = new double[n], bd = new double[n];
            for (int i = 0; i < n; i++) {
                wd[i] = w[i];
            }
            for (int step = 1; step <= 3; step++) {
                float[] g = random(rng, n, 0.1);
                VectorOptimizers.momentum(w, g, b, n, 0.05f, 0.9f, nesterov, step == 1);
                for (int i = 0; i < n; i++) {
                    bd[i] = step == 1 ? g[i] : 0.9 * bd[i] + g[i];
                    wd[i] -= 0.05 * (nesterov ? g[i] + 0.9 * bd[i] : bd[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat((double) w[i]).isCloseTo(wd[i], within(1e-5 * Math.max(1, Math.abs(wd[i]))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 785})
    void adamAndAdamW(int n) {
        for (float decay : new float[] {0f, 0.01f}) {
            Rng rng = new Rng(n + 11);
            float[] w = random(rng, n, 1), m = new float[n], v = new float[n];
            double[] wd = new double[n], md = new double[n], vd = new double[n];
            for (int i = 0; i < n; i++) {
                wd[i] = w[i];
            }
            double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8;
            for (int t = 1; t <= 4; t++) {
                float[] g = random(rng, n, 0.1);
                double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
                VectorOptimizers.adam(w, g, m, v, n, (float) lr, (float) b1, (float) b2, (float) eps, (float) c1, (float) c2, decay);
                for (int i = 0; i < n; i++) {
                    wd[i] *= 1 - lr * decay;
                    md[i] = b1 * md[i] + (1 - b1) * g[i];
                    vd[i] = b2 * vd[i] + (1 - b2) * g[i] * g[i];
                    wd[i] -= lr * (md[i] / c1) / (Math.sqrt(vd[i] / c2) + eps);
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat((double) w[i]).isCloseTo(wd[i], within(1e-5 * Math.max(1, Math.abs(wd[i]))));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void splittingOverThreadsGivesTheSameBits() {
        int n = VectorOptimizers.PARALLEL_ELEMENTS * 3 + 5;
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Rng rng = new Rng(99);
            float[] w = random(rng, n, 1), m = new float[n], v = new float[n], b = new float[n];
            for (int t = 1; t <= 3; t++) {
                float[] g = random(rng, n, 0.1);
                VectorKernels.INSTANCE.adam(w, g, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f,
                        (float) (1 - Math.pow(0.9, t)), (float) (1 - Math.pow(0.999, t)), 0f);
                VectorKernels.INSTANCE.momentum(w, g, b, n, 0.01f, 0.9f, false, t == 1);
                VectorKernels.INSTANCE.sgd(w, g, n, 0.05f);
            }
            results[threads - 1] = w;
        }
        Kernels.setThreads(Runtime.getRuntime().availableProcessors());
        assertThat(results[1]).isEqualTo(results[0]);
    }
}
