package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.compute.Compute;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch gather of {@link TrainingRun} copies exactly the shuffled rows, whatever the row width,
 * on the calling thread or split over the kernel threads (a float32 batch of 64 MNIST-wide rows).
 */
class BatchGatherTest {
    @Test
    void aBatchSplitOverThreadsHasEveryRowInPlace() {
        int before = Compute.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Compute.setThreads(threads);
                for (int size : new int[] {64, 37, 25}) {
                    SplittableRandom rnd = new SplittableRandom(size);
                    int n = 300, cols = 784;
                    Matrix src = Matrix.zeros(n, cols, Precision.FLOAT32);
                    for (int i = 0; i < src.size(); i++) {
                        src.set(i, rnd.nextDouble());
                    }
                    int[] order = new int[n];
                    for (int i = 0; i < n; i++) {
                        order[i] = (i * 97 + 11) % n;
                    }
                    int from = 130;
                    Matrix dst = Matrix.zeros(64, cols, Precision.FLOAT32).setRows(size);
                    TrainingRun.gather(src, order, from, size, dst);
                    for (int r = 0; r < size; r++) {
                        assertThat(dst.rowToArray(r)).as("%d threads, batch %d, row %d", threads, size, r)
                                .containsExactly(src.rowToArray(order[from + r]));
                    }
                }
            }
        } finally {
            Compute.setThreads(before);
        }
    }

    @Test
    void gathersTheOrderedRowsInEveryPrecisionAndWidth() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (Precision precision : Precision.values()) {
            for (int cols : new int[] {1, 3, 255, 256, 257, 784, 1000}) {
                int n = 50;
                Matrix src = Matrix.zeros(n, cols, precision);
                for (int i = 0; i < src.size(); i++) {
                    src.set(i, rnd.nextDouble());
                }
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = (i * 17 + 5) % n;
                }
                int from = 7, size = 11;
                Matrix dst = Matrix.zeros(16, cols, precision).setRows(size);
                TrainingRun.gather(src, order, from, size, dst);
                for (int r = 0; r < size; r++) {
                    assertThat(dst.rowToArray(r)).as("%s, %d columns, row %d", precision, cols, r)
                            .containsExactly(src.rowToArray(order[from + r]));
                }
            }
        }
    }
}
