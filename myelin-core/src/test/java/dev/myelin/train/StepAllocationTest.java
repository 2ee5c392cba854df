package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A training step allocates nothing once compiled: {@link Trainer#fit}'s loop (gather, forward,
 * loss, backward, L2 decay, clipping, Adam update, listeners) measured with the thread's allocation
 * counter over windows of {@value #WINDOW} steps inside epochs (none holds an epoch's start or end).
 * Training stops at the first window under a byte a step, and the test fails when none came in
 * {@value #EPOCHS} epochs.
 * The first such window, not every one: until C2 has compiled every method of the step for good, the
 * interpreter and C1 box vectors and make iterators.
 *
 * <p>What it caught, each in every window: the dense epilogue handing vectors to an activation helper
 * C2 left out of line, which boxed them (6 KB a step under {@code -XX:UseAVX=2}, 3 KB natively after
 * the other tests of this JVM had run every activation through it); and an iterator per step over the
 * network's layers, whose list class differs between networks of one, two and more layers (32 bytes,
 * after the other tests).
 */
class StepAllocationTest {
    private static final int ROWS = 24_000;
    private static final int BATCH = 16;
    private static final int WINDOW = 400;
    private static final int EPOCHS = 100;

    @Test
    void fitAllocatesNothingPerStepOnceCompiled() {
        Rng rng = new Rng(3);
        Matrix x = Matrix.zeros(ROWS, 12, Precision.FLOAT32);
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double s = 0;
            for (int c = 0; c < 12; c++) {
                double v = rng.nextDouble() - 0.5;
                x.set(r, c, v);
                s += c % 2 == 0 ? v : -v;
            }
            labels[r] = s > 0 ? 1 : 0;
        }
        Dataset data = new Dataset(x, Dataset.oneHot(labels, 2, Precision.FLOAT32));
        Network net = Network.builder(12).dense(24, Activation.RELU).dense(2, Activation.SOFTMAX).seed(5).build();
        Window window = new Window();
        Training training = Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, new Adam(0.01).l2(1e-4).clipNorm(1.0))
                .epochs(EPOCHS).batchSize(BATCH).seed(1).listener(window);
        new Trainer(net, training).fit(data);

        assertThat(window.windows).as("windows measured").isPositive();
        assertThat(window.lowest / (double) WINDOW).as("bytes a step, the lowest of " + window.windows + " windows")
                .isLessThan(1.0);
    }

    /** Bytes allocated by the training thread over each run of {@value #WINDOW} batches; stops at a clean one. */
    private static final class Window implements TrainingListener {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final int perEpoch = ROWS / BATCH;
        long lowest = Long.MAX_VALUE;
        int windows;
        private long start = -1;

        @Override
        public void onBatchEnd(TrainingState state, int epoch, int batch, int size, double loss) {
            if (batch < 1 || batch + WINDOW >= perEpoch) { // no epoch's start or end in a window
                start = -1;
                return;
            }
            if (start < 0) {
                start = threads.getCurrentThreadAllocatedBytes();
            } else if (batch % WINDOW == 0) {
                long now = threads.getCurrentThreadAllocatedBytes();
                lowest = Math.min(lowest, now - start);
                windows++;
                if (lowest < WINDOW) {
                    state.stop("a window allocated less than a byte a step");
                }
                start = threads.getCurrentThreadAllocatedBytes();
            }
        }
    }
}
