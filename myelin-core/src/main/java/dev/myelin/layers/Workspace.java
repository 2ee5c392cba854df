package dev.myelin.layers;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;

/** Grows-once scratch matrices for layers: reused for every batch no larger than the largest seen. */
final class Workspace {
    private Workspace() {}

    /** {@code current} with {@code rows} rows in use, or a new matrix if it is null or too small. */
    static Matrix ensure(Matrix current, int rows, int cols, Precision precision) {
        if (current == null || current.capacityRows() < rows || current.cols() != cols
                || current.precision() != precision) {
            return Matrix.zeros(rows, cols, precision);
        }
        return current.setRows(rows);
    }
}
