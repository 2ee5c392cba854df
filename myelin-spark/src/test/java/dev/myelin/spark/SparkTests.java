package dev.myelin.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One local Spark session for all of this module's tests (starting one costs seconds). */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {}

    /** local[2,3]: two cores, and a failed task is retried (up to 3 attempts) as on a cluster. */
    static synchronized SparkSession spark() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2,3]")
                    .appName("myelin-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }

    /**
     * n rows of f features in [−1, 1] from a fixed formula and a label: for classes ≥ 2 the class of
     * the largest of the first {@code classes} features' sums, else y = Σ x_j·(j+1)/f (regression).
     */
    /** Stops the shared session (a test that needs another master); the next {@link #spark()} starts a new one. */
    static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }

    static Dataset<Row> table(int n, int f, int classes, int partitions) {
        return table(spark(), n, f, classes, partitions);
    }

    static Dataset<Row> table(SparkSession spark, int n, int f, int classes, int partitions) {
        StructType schema = new StructType()
                .add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[f];
            for (int j = 0; j < f; j++) {
                x[j] = Math.sin(1.7 * i + 0.9 * j * j + 0.3) * Math.cos(0.37 * i * (j + 1));
            }
            double label;
            if (classes >= 2) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (x[k % f] > x[best % f]) {
                        best = k;
                    }
                }
                label = best;
            } else {
                double y = 0;
                for (int j = 0; j < f; j++) {
                    y += x[j] * (j + 1) / f;
                }
                label = y;
            }
            rows.add(RowFactory.create(Vectors.dense(x), label));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, partitions), schema);
    }
}
