package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.train.Training;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each thread owning a band of a weight's rows ({@link FloatGemm#owners}): the forward split along k,
 * and the weight gradient split at the owners' rows give the bits of one thread, and a pinned job runs part p on participant p, or on the caller when p has no worker.
 */
@ExtendWith(RestoresKernelSettings.class)
class OwnersTest {
    @Test
    void ownersSplitAWeightsRowsAtItsKBlocks() {
        int kc = FloatGemm.KC;
        assertThat(FloatGemm.ownerSplit(784, 2)).isTrue(); // four k-blocks of 196 rows
        assertThat(FloatGemm.ownerRow(784, 1, 2)).isEqualTo(392);
        assertThat(FloatGemm.ownerRow(784, 2, 2)).isEqualTo(784);
        assertThat(FloatGemm.ownerSplit(3 * kc, 2)).as("three k-blocks do not split evenly in two").isFalse();
        assertThat(FloatGemm.ownerSplit(kc, 2)).as("one k-block").isFalse();
        assertThat(FloatGemm.ownerSplit(784, 1)).isFalse();
        assertThat(FloatGemm.splitsK(64, 784, 2)).as("MNIST small's first layer").isTrue();
        assertThat(FloatGemm.splitsK(256, 784, 2)).as("a batch of 256: the partials are too large").isFalse();
    }

    /** X·W split along k (with and without accumulating, C with a wider stride) against one thread and the plain sum. */
    @Test
    void aProductSplitAlongKGivesOneThreadsBits() {
        SplittableRandom rnd = new SplittableRandom(31);
        KernelPool.setParallelFlops(0);
        int kc = FloatGemm.KC;
        int[][] shapes = {{64, 784, 128}, {13, 2 * kc - 40, 3 * FloatMicroKernel.NR + 1}, {20, 4 * kc, 33}, {1 + FloatMicroKernel.MR, 784, 7}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2], ldc = n + 3;
            float[] a = KernelTestSupport.uniform(rnd, m * k), b = KernelTestSupport.uniform(rnd, k * n), c0 = KernelTestSupport.uniform(rnd, m * ldc);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] want = null;
                for (int threads : new int[] {1, 2, 4}) {
                    Kernels.setThreads(threads);
                    assertThat(FloatGemm.splitsK(m, k, threads)).as(Arrays.toString(s) + " threads=" + threads)
                            .isEqualTo(threads > 1 && (threads == 2 || FloatGemm.ownerSplit(k, threads)));
                    float[] c = c0.clone();
                    FloatGemm.gemm(m, n, k, a, k, false, b, n, false, c, ldc, accumulate);
                    if (want == null) {
                        want = c;
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sum = accumulate ? c0[i * ldc + j] : 0;
                                for (int p = 0; p < k; p++) {
                                    sum += (double) a[i * k + p] * b[p * n + j];
                                }
                                assertEquals(sum, c[i * ldc + j], 2e-4 * Math.sqrt(k), Arrays.toString(s) + " at " + i + "," + j);
                            }
                        }
                    } else {
                        assertArrayEquals(want, c, Arrays.toString(s) + " accumulate=" + accumulate + " threads=" + threads);
                    }
                }
            }
        }
    }

    /** A dense layer's forward with its epilogue (bias and ReLU added after the partial blocks), owners on and off. */
    @Test
    void aDenseForwardSplitAlongKAppliesItsEpilogueOnce() {
        SplittableRandom rnd = new SplittableRandom(37);
        KernelPool.setParallelFlops(0);
        int m = 64, k = 784, n = 128;
        Matrix x = Matrix.zeros(m, k, Precision.FLOAT32), w = Matrix.zeros(k, n, Precision.FLOAT32);
        Matrix b = Matrix.zeros(1, n, Precision.FLOAT32);
        for (Matrix t : new Matrix[] {x, w, b}) {
            for (int i = 0; i < t.size(); i++) {
                t.set(i, rnd.nextDouble(-1, 1));
            }
        }
        Matrix[] z = new Matrix[3], a = new Matrix[3];
        for (int run = 0; run < 3; run++) {
            Kernels.setThreads(run == 0 ? 1 : 2);
            FloatGemm.setOwners(run != 2);
            z[run] = Matrix.zeros(m, n, Precision.FLOAT32);
            a[run] = Matrix.zeros(m, n, Precision.FLOAT32);
            VectorKernels.INSTANCE.denseForward(x, w, b, Activation.RELU, z[run], a[run]);
        }
        for (int run = 1; run < 3; run++) {
            assertArrayEquals(z[0].floats(), z[run].floats(), "z, run " + run);
            assertArrayEquals(a[0].floats(), a[run].floats(), "a, run " + run);
        }
        for (int i = 0; i < m * n; i++) {
            assertEquals(Math.max(0f, z[0].floats()[i]), a[0].floats()[i]);
        }
    }

    /** ∂W = Xᵀ·δ split at the owners' rows (784 rows: 392 each, not a whole number of tiles) against one thread. */
    @Test
    void aWeightGradientSplitAtTheOwnersRowsGivesOneThreadsBits() {
        SplittableRandom rnd = new SplittableRandom(41);
        KernelPool.setParallelFlops(0);
        for (int[] s : new int[][] {{64, 784, 128}, {30, 1024, 100}}) {
            int batch = s[0], rows = s[1], n = s[2];
            float[] x = KernelTestSupport.uniform(rnd, batch * rows), d = KernelTestSupport.uniform(rnd, batch * n), c0 = KernelTestSupport.uniform(rnd, rows * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] want = null;
                for (int threads : new int[] {1, 2, 4}) {
                    Kernels.setThreads(threads);
                    float[] c = c0.clone();
                    FloatGemm.gemm(rows, n, batch, x, rows, true, d, n, false, c, n, accumulate);
                    if (want == null) {
                        want = c;
                    } else {
                        assertArrayEquals(want, c, Arrays.toString(s) + " accumulate=" + accumulate + " threads=" + threads);
                    }
                }
            }
        }
    }

    /**
     * MNIST {@code small}'s shape (784-128-10, batch 64, Adam), where the forward splits along k and
     * every update into the owners' rows: 1 thread, 2 with owners and 2 without train the same weights.
     */
    @Test
    void trainingSmallsShapeGivesTheSameWeightsOnOneThreadTwoAndWithoutOwners() {
        assertThat(FloatGemm.splitsK(64, 784, 2)).isTrue();
        SplittableRandom rnd = new SplittableRandom(47);
        Matrix x = Matrix.zeros(200, 784, Precision.FLOAT32);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rnd.nextDouble() < 0.3 ? 0 : rnd.nextDouble());
        }
        int[] labels = rnd.ints(200, 0, 10).toArray();
        Dataset data = new Dataset(x, Dataset.oneHot(labels, 10, Precision.FLOAT32));
        List<float[]> first = null;
        for (int run = 0; run < 3; run++) {
            Kernels.setThreads(run == 0 ? 1 : 2);
            FloatGemm.setOwners(run != 2);
            Network net = Network.builder(784).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX)
                    .precision(Precision.FLOAT32).seed(5).build();
            net.fit(data, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, new Adam(1e-3)).epochs(2).batchSize(64).seed(5));
            List<float[]> weights = new ArrayList<>();
            for (Parameter p : net.parameters()) {
                weights.add(p.value().floats().clone());
            }
            if (first == null) {
                first = weights;
            } else {
                for (int i = 0; i < weights.size(); i++) {
                    assertArrayEquals(first.get(i), weights.get(i), "parameter " + i + ", run " + run);
                }
            }
        }
    }

    /**
     * Part p on participant p: the caller runs part 0, worker 1 part 1; a part with no worker falls to
     * the caller. Part 0 holds the caller until part 1 has started (up to 10 s), so the caller cannot
     * take part 1 after the grace however slowly a loaded machine schedules the worker: part 1 can then
     * only have run on worker 1.
     */
    @Test
    void aPinnedJobRunsEachPartOnItsParticipantOrTheCaller() {
        Kernels.setThreads(2);
        Thread caller = Thread.currentThread();
        for (int attempt = 0; attempt < 20; attempt++) {
            Thread[] ran = new Thread[3];
            AtomicIntegerArray count = new AtomicIntegerArray(3);
            // three parts on two threads: part 2 has no worker, so the caller runs it after the grace
            KernelPool.runPinned(part -> {
                ran[part] = Thread.currentThread();
                count.incrementAndGet(part);
                if (part == 0) {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (count.get(1) == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            }, 3);
            for (int p = 0; p < 3; p++) {
                assertThat(count.get(p)).as("part " + p + " ran once").isEqualTo(1);
            }
            assertThat(ran[0]).isSameAs(caller);
            assertThat(ran[2]).isSameAs(caller);
            assertThat(ran[1]).as("part 1, attempt " + attempt).isNotSameAs(caller);
            assertThat(ran[1].getName()).isEqualTo("myelin-kernel-1");
        }
    }
}
