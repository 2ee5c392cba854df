package dev.myelin.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A training table as Myelin needs it: an RDD of rows [x₁ … x_f, y₁ … y_o] (one {@code double[]} each:
 * the features, then the targets: a one-hot class for classification, the value for regression),
 * their count, f, o and, for classification, the class count k = max label + 1 (= o).
 * One aggregation job checks the labels (no nulls; class indices are whole numbers ≥ 0) and one
 * {@code first()} reads f.
 */
record TrainingData(JavaRDD<double[]> rows, long count, int features, int outputs, boolean classification) {

    int classes() {
        return classification ? outputs : 0;
    }


    static TrainingData of(Dataset<?> dataset, String featuresCol, String labelCol, boolean classification) {
        Dataset<Row> df = dataset.toDF().select(col(featuresCol), col(labelCol).cast("double").as(labelCol));
        Row stats = df.agg(functions.count(col(labelCol)), functions.count(col(featuresCol)), functions.count("*"), min(col(labelCol)), max(col(labelCol)),
                sum(when(col(labelCol).notEqual(floor(col(labelCol))), 1).otherwise(0))).first();
        long labels = stats.getLong(0);
        long vectors = stats.getLong(1);
        long n = stats.getLong(2);
        if (n == 0) {
            throw new IllegalArgumentException("the training data is empty");
        }
        if (labels != n) {
            throw new IllegalArgumentException("the label column " + labelCol + " has " + (n - labels) + " null values");
        }
        if (vectors != n) {
            throw new IllegalArgumentException("the features column " + featuresCol + " has " + (n - vectors) + " null values");
        }
        int classes = 0;
        if (classification) {
            double lo = stats.getDouble(3);
            double hi = stats.getDouble(4);
            long fractional = stats.isNullAt(5) ? 0 : stats.getLong(5);
            if (lo < 0 || fractional > 0) {
                throw new IllegalArgumentException("the label column " + labelCol + " must hold class indices 0, 1, 2, … (use StringIndexer), "
                        + "but it holds " + (lo < 0 ? "the negative value " + lo : fractional + " non-integer values"));
            }
            if (hi >= 1 << 20) {
                throw new IllegalArgumentException("the label column " + labelCol + " holds the class index " + hi + ": too many classes");
            }
            classes = (int) hi + 1;
        }
        int features = ((Vector) df.first().get(0)).size();
        int outputs = classification ? classes : 1;
        JavaRDD<double[]> rows = df.javaRDD().map(row -> {
            Vector v = (Vector) row.get(0);
            if (v.size() != features) {
                throw new IllegalArgumentException("a features vector has " + v.size() + " values, the first had " + features);
            }
            double[] out = new double[features + outputs];
            for (int c = 0; c < features; c++) {
                out[c] = v.apply(c);
            }
            if (classification) {
                out[features + (int) row.getDouble(1)] = 1;
            } else {
                out[features] = row.getDouble(1);
            }
            return out;
        });
        return new TrainingData(rows, n, features, outputs, classification);
    }
}
