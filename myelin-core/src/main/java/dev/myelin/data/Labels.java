package dev.myelin.data;

import dev.myelin.tensor.Matrix;

/** Turns outputs or targets into class indices. */
public final class Labels {
    private Labels() {}

    /** Per row: the index of the largest value, or for a single column 1 if the value ≥ 0.5 else 0. */
    public static int[] of(Matrix m) {
        int[] out = new int[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            out[r] = classOf(m, r);
        }
        return out;
    }

    public static int classOf(Matrix m, int row) {
        int c = m.cols();
        if (c == 1) {
            return m.get(row, 0) >= 0.5 ? 1 : 0;
        }
        int best = 0;
        double bestValue = m.get(row, 0);
        for (int j = 1; j < c; j++) {
            double v = m.get(row, j);
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    /** The number of classes the targets describe: the column count, or 2 for a single 0/1 column. */
    public static int classCount(Matrix targets) {
        return targets.cols() == 1 ? 2 : targets.cols();
    }
}
