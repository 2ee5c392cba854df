package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.train.Training;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kernel thread pool: shared fairly by concurrent callers, quiet when idle, daemon threads. */
@ExtendWith(RestoresKernelSettings.class)
class KernelPoolTest {
    @BeforeEach
    void twoThreadsAndSplitEverything() {
        Kernels.setThreads(2);
        KernelPool.setParallelFlops(0);
    }

    static final Dataset DATA = Synthetic.gauss(512, 1.0, 5);

    /** Trains a 2-256-256-1 network for two epochs; returns its weights and how many parts workers ran. */
    static Result train(long seed) {
        long before = KernelPool.partsHelpedOnThisThread();
        Network net = Network.builder(2).dense(256, Activation.RELU).dense(256, Activation.RELU)
                .dense(1, Activation.SIGMOID).seed(seed).build();
        net.fit(DATA, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(1e-3)).epochs(2).batchSize(256).seed(seed));
        List<Float> w = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                w.add((float) p.value().get(i));
            }
        }
        return new Result(w, KernelPool.partsHelpedOnThisThread() - before);
    }

    record Result(List<Float> weights, long helped) {}

    @Test
    void twoThreadsTrainingTwoNetworksAtOnceBothUseThePoolAndGetTheirOwnResults() throws Exception {
        List<Float> aloneA = train(1).weights(), aloneB = train(2).weights();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; ; attempt++) {
                Future<Result> a = two.submit((Callable<Result>) () -> train(1));
                Future<Result> b = two.submit((Callable<Result>) () -> train(2));
                Result ra = a.get(), rb = b.get();
                assertThat(ra.weights()).isEqualTo(aloneA);
                assertThat(rb.weights()).isEqualTo(aloneB);
                if (ra.helped() > 0 && rb.helped() > 0) {
                    return; // both callers had parts of their products run by the pool's worker
                }
                assertThat(attempt).as("a worker helped each of two concurrent trainings (helped %d and %d parts)",
                        ra.helped(), rb.helped()).isLessThan(10);
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void workersAreDaemonsAndParkAfterAJob() throws Exception {
        float[] a = new float[300 * 300], b = new float[300 * 300], c = new float[300 * 300];
        FloatGemm.gemm(300, 300, 300, a, 300, false, b, 300, false, c, 300, false);
        assertThat(KernelPool.workerCount()).isGreaterThanOrEqualTo(1);
        Thread[] workers = KernelPool.workerThreads();
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Thread w : workers) {
            assertThat(w.isDaemon()).as(w.getName() + " is a daemon").isTrue();
            while (w.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(w.getState()).as(w.getName() + " parks when idle").isEqualTo(Thread.State.WAITING);
        }
        Thread.sleep(50); // and stays parked: no spinning once the 200 µs window has passed
        for (Thread w : workers) {
            assertThat(w.getState()).as(w.getName() + " stays parked").isEqualTo(Thread.State.WAITING);
        }
    }

    @Test
    void aFailingPartIsRethrownToTheCallerAndThePoolStaysUsable() {
        KernelPool.Job failing = part -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KernelPool.run(failing, 4))
                .isInstanceOf(IllegalStateException.class).hasMessage("part 1 failed");
        int[] ran = new int[8];
        KernelPool.run(part -> ran[part]++, 8);
        assertThat(ran).containsOnly(1);
    }

    /** A JVM without the Vector API module prints the one-line notice once and computes with the plain loops. */
    @Test
    void missingVectorApiSaysSoOnceOnStandardError() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoVectorMain.class.getName()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        List<String> err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))
                .lines().filter(l -> !l.isBlank() && !l.contains("WARNING")).toList();
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("ReferenceKernels false 19.0");
        assertThat(err).containsExactly(KernelRegistry.NOTICE);
    }

    /** Run in a JVM without {@code --add-modules jdk.incubator.vector}. */
    public static final class NoVectorMain {
        public static void main(String[] args) {
            Kernels k = Kernels.get();
            Kernels.get();
            dev.myelin.tensor.Matrix x = dev.myelin.tensor.Matrix.wrap(new float[] {1, 2}, 1, 2);
            dev.myelin.tensor.Matrix w = dev.myelin.tensor.Matrix.wrap(new float[] {3, 8}, 2, 1);
            dev.myelin.tensor.Matrix z = dev.myelin.tensor.Matrix.wrap(new float[1], 1, 1);
            k.matmul(x, w, z, false);
            System.out.println(k.getClass().getSimpleName() + " " + OptimizerKernels.available() + " " + z.get(0));
        }
    }
}
