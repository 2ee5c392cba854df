package dev.myelin.spark.bench;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Idx;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.spark.MyelinClassificationModel;
import dev.myelin.spark.MyelinClassifier;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MNIST 784-128-10 on one Spark master: Myelin on Spark (the estimator's defaults: Adam with a cosine
 * schedule, batch 128, 10 epochs; learning rate 0.003, ReLU, softmax, data-parallel) against MLlib's
 * MultilayerPerceptronClassifier (sigmoid hidden layer, its default and best solver L-BFGS, its default
 * 100 iterations), same training table, same test set; and Myelin on one machine (same cores, no Spark,
 * same settings) for the epoch-time ratio. Prints one table. Run by scripts/bench-spark.sh.
 *
 * <p>The tables are read from Parquet files, as a user's would be: a DataFrame made with
 * {@code parallelize} carries its rows inside every task of every job, which costs MLlib (a job per
 * iteration) far more than Myelin (one job). Myelin's learning rate and epochs were chosen on a
 * validation split of the training rows (the last 10,000), not on the test set. One one-epoch fit on
 * one machine warms the JIT first (in {@code local[N]} the tasks run in this JVM).
 *
 * <p>Arguments: MNIST_DIR MASTER [TRAIN_ROWS=60000] [EPOCHS=10] [MLLIB_ITERATIONS=100]
 */
public final class MnistVsMllib {
    private MnistVsMllib() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String master = args[1];
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 60_000;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        double rate = 0.003;
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int batch = 128;

        Matrix trainX = Idx.readImages(dir.resolve("train-images-idx3-ubyte"), 64L << 20);
        int[] trainY = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte"), 64L << 20);
        Matrix testX = Idx.readImages(dir.resolve("t10k-images-idx3-ubyte"), 64L << 20);
        int[] testY = Idx.readLabels(dir.resolve("t10k-labels-idx1-ubyte"), 64L << 20);
        rows = Math.min(rows, trainX.rows());

        SparkSession spark = SparkSession.builder().master(master).appName("myelin-vs-mllib-mnist")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = sc.defaultParallelism();
        StructType schema = new StructType().add("features", new VectorUDT(), false).add("label", DataTypes.DoubleType, false);
        Path parquet = java.nio.file.Files.createTempDirectory("mnist-parquet");
        spark.createDataFrame(sc.parallelize(rowsOf(trainX, trainY, rows), partitions), schema).write().parquet(parquet.resolve("train").toString());
        spark.createDataFrame(sc.parallelize(rowsOf(testX, testY, testX.rows()), partitions), schema).write().parquet(parquet.resolve("test").toString());
        var train = spark.read().parquet(parquet.resolve("train").toString()).repartition(partitions).cache();
        var test = spark.read().parquet(parquet.resolve("test").toString()).cache();
        train.count();
        test.count();
        Dataset local = new Dataset(rowsMatrix(trainX, rows), Dataset.oneHot(java.util.Arrays.copyOf(trainY, rows), 10, Precision.FLOAT32));
        new Trainer(Network.builder(784).seed(1).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX).build(),
                Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create("adam", rate)).epochs(1).batchSize(batch)).fit(local); // JIT warm-up
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");

        long t0 = System.nanoTime();
        MyelinClassificationModel myelin = new MyelinClassifier().setLayers(128).setEpochs(epochs).setBatchSize(batch)
                .setOptimizer("adam").setSchedule("cosine").setLearningRate(rate).setSeed(42).fit(train);
        double myelinSeconds = (System.nanoTime() - t0) / 1e9;
        double myelinAccuracy = accuracy.evaluate(myelin.transform(test));

        t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 10})
                .setSolver("l-bfgs").setMaxIter(iterations).setBlockSize(128).setSeed(42).fit(train);
        double mllibSeconds = (System.nanoTime() - t0) / 1e9;
        double mllibAccuracy = accuracy.evaluate(mllib.transform(test));

        Network net = Network.builder(784).seed(42).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX).build();
        t0 = System.nanoTime();
        double[] cosine = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            cosine[e] = 0.5 * rate * (1 + Math.cos(Math.PI * e / epochs));
        }
        var adam = Optimizers.create("adam", rate).schedule((base, e) -> cosine[Math.min(e, epochs - 1)]);
        new Trainer(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, adam).epochs(epochs).batchSize(batch).seed(42)).fit(local);
        double oneMachineSeconds = (System.nanoTime() - t0) / 1e9;
        double oneMachineAccuracy = Trainer.evaluate(net, new Dataset(testX, Dataset.oneHot(testY, 10, Precision.FLOAT32)),
                Loss.CATEGORICAL_CROSS_ENTROPY).accuracy();

        System.out.printf("MNIST 784-128-10, %,d training rows, %,d test rows, master %s (%d tasks)%n", rows, testX.rows(), master, partitions);
        System.out.printf("| trainer | settings | fit time (s) | time per epoch/iteration (s) | test accuracy |%n|---|---|---:|---:|---:|%n");
        System.out.printf("| Myelin on Spark | relu, adam %.3g cosine, batch %d, %d epochs | %.1f | %.2f | %.4f |%n", rate, batch, epochs, myelinSeconds,
                myelinSeconds / epochs, myelinAccuracy);
        System.out.printf("| MLlib MultilayerPerceptronClassifier | sigmoid, l-bfgs, %d iterations | %.1f | %.2f | %.4f |%n", iterations,
                mllibSeconds, mllibSeconds / iterations, mllibAccuracy);
        System.out.printf("| Myelin, one machine (no Spark) | relu, adam %.3g cosine, batch %d, %d epochs | %.1f | %.2f | %.4f |%n", rate, batch, epochs,
                oneMachineSeconds, oneMachineSeconds / epochs, oneMachineAccuracy);
        System.out.printf("Myelin on Spark / one machine, fit time: %.2f×%n", myelinSeconds / oneMachineSeconds);
        spark.stop();
    }

    private static List<Row> rowsOf(Matrix x, int[] y, int n) {
        List<Row> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(RowFactory.create(Vectors.dense(x.rowToArray(r)), (double) y[r]));
        }
        return out;
    }

    private static Matrix rowsMatrix(Matrix x, int n) {
        Matrix out = Matrix.zeros(n, x.cols(), Precision.FLOAT32);
        for (int r = 0; r < n; r++) {
            out.copyRow(x, r, r);
        }
        return out;
    }
}
