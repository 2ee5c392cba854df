package dev.myelin.spark;

import dev.myelin.data.Dataset;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.Serializable;

/**
 * A validation set given on the driver, as the tasks receive it (in a broadcast): n rows of f
 * features and o targets in float64, row-major. Task p of P evaluates rows [p·n/P, (p+1)·n/P), and
 * the tasks add their sums, so the global figures are those of the whole set.
 */
record ValidationRows(double[] x, double[] y, int rows, int features, int outputs) implements Serializable {

    static ValidationRows of(Dataset data) {
        int n = data.size();
        int f = data.features();
        int o = data.outputs();
        double[] x = new double[n * f];
        double[] y = new double[n * o];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < f; c++) {
                x[r * f + c] = data.x().get(r, c);
            }
            for (int c = 0; c < o; c++) {
                y[r * o + c] = data.y().get(r, c);
            }
        }
        return new ValidationRows(x, y, n, f, o);
    }

    /** Task {@code rank}'s share of the rows (possibly empty), in {@code precision}. */
    Dataset share(int rank, int tasks, Precision precision) {
        int from = (int) ((long) rank * rows / tasks);
        int to = (int) ((long) (rank + 1) * rows / tasks);
        Matrix xs = Matrix.zeros(to - from, features, precision);
        Matrix ys = Matrix.zeros(to - from, outputs, precision);
        for (int r = from; r < to; r++) {
            for (int c = 0; c < features; c++) {
                xs.set(r - from, c, x[r * features + c]);
            }
            for (int c = 0; c < outputs; c++) {
                ys.set(r - from, c, y[r * outputs + c]);
            }
        }
        return new Dataset(xs, ys);
    }
}
