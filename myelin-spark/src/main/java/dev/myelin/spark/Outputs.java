package dev.myelin.spark;

import dev.myelin.data.Labels;
import dev.myelin.tensor.Matrix;
import org.apache.spark.ml.linalg.Vectors;

/** The columns a model appends to a row, from row r of the network's outputs. */
enum Outputs {
    /** prediction = argmax_k p_k (the class index, as MLlib's classifiers give it), probability = p (a Vector). */
    CLASSES {
        @Override
        Object[] of(Matrix outputs, int row) {
            return new Object[] {(double) Labels.classOf(outputs, row), Vectors.dense(outputs.rowToArray(row))};
        }
    },
    /** prediction = the network's single output. */
    VALUE {
        @Override
        Object[] of(Matrix outputs, int row) {
            return new Object[] {outputs.get(row, 0)};
        }
    };

    abstract Object[] of(Matrix outputs, int row);
}
