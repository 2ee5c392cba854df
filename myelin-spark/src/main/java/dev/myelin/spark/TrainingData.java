package dev.myelin.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A training table as Myelin needs it: an RDD of rows [x₁ … x_f, y₁ … y_o] (one {@code double[]} each:
 * the features, then the targets: a one-hot class for classification, the value for regression),
 * their count, the rows in each partition (null when unknown), f, o and, for classification, the
 * class count k = max label + 1 (= o). One pass over the table (one job) checks the labels (no nulls;
 * class indices are whole numbers ≥ 0) and the vectors (no nulls, one size f) and counts each
 * partition's rows, which the trainer needs to number the rows without another job.
 */
record TrainingData(JavaRDD<double[]> rows, long count, long[] partitionSizes, int features, int outputs, boolean classification) {

    /** Rows whose partition sizes are not known yet (the trainer counts them). */
    TrainingData(JavaRDD<double[]> rows, long count, int features, int outputs, boolean classification) {
        this(rows, count, null, features, outputs, classification);
    }

    int classes() {
        return classification ? outputs : 0;
    }

    /** What a partition (or, merged, the table) holds: row count, null counts, label range and vector sizes. */
    private static final class TableStats implements Serializable {
        int partition;
        long rows;
        long nullLabels;
        long nullVectors;
        long fractional;
        double minLabel = Double.POSITIVE_INFINITY;
        double maxLabel = Double.NEGATIVE_INFINITY;
        int minSize = Integer.MAX_VALUE;
        int maxSize = -1;

        void add(Row row) {
            rows++;
            if (row.isNullAt(0)) {
                nullVectors++;
            } else {
                int size = ((Vector) row.get(0)).size();
                minSize = Math.min(minSize, size);
                maxSize = Math.max(maxSize, size);
            }
            if (row.isNullAt(1)) {
                nullLabels++;
            } else {
                double y = row.getDouble(1);
                minLabel = Math.min(minLabel, y);
                maxLabel = Math.max(maxLabel, y);
                if (y != Math.floor(y)) {
                    fractional++;
                }
            }
        }

        void merge(TableStats o) {
            rows += o.rows;
            nullLabels += o.nullLabels;
            nullVectors += o.nullVectors;
            fractional += o.fractional;
            minLabel = Math.min(minLabel, o.minLabel);
            maxLabel = Math.max(maxLabel, o.maxLabel);
            minSize = Math.min(minSize, o.minSize);
            maxSize = Math.max(maxSize, o.maxSize);
        }
    }

    static TrainingData of(Dataset<?> dataset, String featuresCol, String labelCol, boolean classification) {
        JavaRDD<Row> table = dataset.toDF().select(col(featuresCol), col(labelCol).cast("double").as(labelCol)).javaRDD();
        List<TableStats> parts = table.mapPartitionsWithIndex((partition, it) -> {
            TableStats stats = new TableStats();
            stats.partition = partition;
            while (it.hasNext()) {
                stats.add(it.next());
            }
            return List.of(stats).iterator();
        }, true).collect();
        TableStats all = new TableStats();
        long[] sizes = new long[parts.size()];
        for (TableStats p : parts) {
            sizes[p.partition] = p.rows;
            all.merge(p);
        }
        long n = all.rows;
        long nullLabels = all.nullLabels;
        long nullVectors = all.nullVectors;
        long fractional = all.fractional;
        double lo = all.minLabel;
        double hi = all.maxLabel;
        int minSize = all.minSize;
        int maxSize = all.maxSize;
        if (n == 0) {
            throw new IllegalArgumentException("the training data is empty");
        }
        if (nullLabels > 0) {
            throw new IllegalArgumentException("the label column " + labelCol + " has " + nullLabels + " null values");
        }
        if (nullVectors > 0) {
            throw new IllegalArgumentException("the features column " + featuresCol + " has " + nullVectors + " null values");
        }
        if (minSize != maxSize) {
            throw new IllegalArgumentException("the features column " + featuresCol + " holds vectors of different sizes (" + minSize + " to "
                    + maxSize + " values); all must have the same size");
        }
        int classes = 0;
        if (classification) {
            if (lo < 0 || fractional > 0) {
                throw new IllegalArgumentException("the label column " + labelCol + " must hold class indices 0, 1, 2, … (use StringIndexer), "
                        + "but it holds " + (lo < 0 ? "the negative value " + lo : fractional + " non-integer values"));
            }
            if (hi >= 1 << 20) {
                throw new IllegalArgumentException("the label column " + labelCol + " holds the class index " + hi + ": too many classes");
            }
            classes = (int) hi + 1;
        }
        int features = minSize;
        int outputs = classification ? classes : 1;
        JavaRDD<double[]> rows = table.map(row -> {
            Vector v = (Vector) row.get(0);
            double[] out = new double[features + outputs];
            if (v instanceof DenseVector dense) {
                System.arraycopy(dense.values(), 0, out, 0, features);
            } else {
                v.foreachActive((c, value) -> {
                    out[(Integer) c] = (Double) value;
                    return scala.runtime.BoxedUnit.UNIT;
                });
            }
            if (classification) {
                out[features + (int) row.getDouble(1)] = 1;
            } else {
                out[features] = row.getDouble(1);
            }
            return out;
        });
        return new TrainingData(rows, n, sizes, features, outputs, classification);
    }
}
