package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batch gather of {@link TrainingRun} copies exactly the shuffled rows, whatever the row width. */
class BatchGatherTest {
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
