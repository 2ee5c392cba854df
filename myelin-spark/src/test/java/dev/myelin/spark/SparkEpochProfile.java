package dev.myelin.spark;

import dev.myelin.Model;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Idx;
import dev.myelin.io.ModelInfo;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where a data-parallel MNIST fit spends its time: the driver's fit time, the data placement and task
 * 0's phases (rows, rendezvous, steps, all-reduce, epoch logs, checkpoints), against the same training
 * on one machine. The fit runs twice in the same JVM and under the same load: with the tasks exchanging
 * over TCP (as tasks in different executors do) and in shared memory (as the tasks of one executor do,
 * always so in {@code local[N]}); the two must end with the same logs. Run by scripts/bench-spark.sh (and by hand while profiling).
 *
 * <p>Arguments: MNIST_DIR MASTER [TRAIN_ROWS=60000] [EPOCHS=3] [BATCH=128] [CHECKPOINT_DIR]
 */
public final class SparkEpochProfile {
    private SparkEpochProfile() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String master = args[1];
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 60_000;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 128;
        String checkpoints = args.length > 5 ? args[5] : "";
        Matrix trainX = Idx.readImages(dir.resolve("train-images-idx3-ubyte"), 64L << 20);
        int[] trainY = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte"), 64L << 20);
        rows = Math.min(rows, trainX.rows());

        SparkSession spark = SparkSession.builder().master(master).appName("myelin-spark-profile")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = sc.defaultParallelism();
        StructType schema = new StructType().add("features", new VectorUDT(), false).add("label", DataTypes.DoubleType, false);
        List<Row> list = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            list.add(RowFactory.create(Vectors.dense(trainX.rowToArray(r)), (double) trainY[r]));
        }
        // as a user's table: read from files (a DataFrame made by parallelize ships its rows inside every task)
        Path parquet = java.nio.file.Files.createTempDirectory("mnist-parquet");
        spark.createDataFrame(sc.parallelize(list, tasks), schema).write().mode("overwrite").parquet(parquet.resolve("train").toString());
        var train = spark.read().parquet(parquet.resolve("train").toString()).repartition(tasks).cache();
        train.count();

        Network single = new MyelinClassifier().setLayers(128).setSeed(7).buildNetwork(784, 10, Activation.SOFTMAX);
        Matrix x = Matrix.zeros(rows, 784, Precision.FLOAT32);
        for (int r = 0; r < rows; r++) {
            x.copyRow(trainX, r, r);
        }
        Dataset local = new Dataset(x, Dataset.oneHot(Arrays.copyOf(trainY, rows), 10, Precision.FLOAT32));
        // warm the JIT once for both (in local mode the tasks run in this JVM)
        new Trainer(single, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create("adam", 0.001)).epochs(1).batchSize(batch)
                .seed(1)).fit(local);

        Network start = new MyelinClassifier().setLayers(128).setSeed(42).buildNetwork(784, 10, Activation.SOFTMAX);
        TrainerSettings settings = new TrainerSettings("categorical_cross_entropy", "adam", 0.001, 0, batch, epochs, 42, tasks, checkpoints);
        List<String> stages = java.util.Collections.synchronizedList(new ArrayList<>());
        spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted done) {
                var info = done.stageInfo();
                long ms = (Long) info.completionTime().get() - (Long) info.submissionTime().get();
                String name = info.name();
                stages.add(String.format("| stage %d (%s, %d tasks) | %.3f |", info.stageId(), name.substring(0, Math.min(40, name.length())),
                        info.numTasks(), ms / 1e3));
            }
        });
        // the same fit twice: over TCP (how tasks in different executors exchange), then in this JVM's
        // shared memory (how the tasks of one executor exchange: always so in local[N])
        String[] names = {"TCP", "in-JVM"};
        // warm Spark's own code paths (the shuffle, the barrier stage) once, so that the first fit measured pays no JIT
        new DataParallelTrainer(new TrainerSettings("categorical_cross_entropy", "adam", 0.001, 0, batch, 1, 42, tasks, ""))
                .fit(new Model(start.copy(), ModelInfo.defaults(start)), TrainingData.of(train, "features", "label", true), null);
        TaskResult[] results = new TaskResult[2];
        double[] sparkSeconds = new double[2];
        List<List<String>> stageLines = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            stages.clear();
            long t0 = System.nanoTime();
            TrainingData data = TrainingData.of(train, "features", "label", true);
            DataParallelTrainer trainer = new DataParallelTrainer(settings);
            if (k == 0) {
                trainer.tcpAllReduce();
            }
            results[k] = trainer.fit(new Model(start.copy(), ModelInfo.defaults(start)), data, null);
            sparkSeconds[k] = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(300); // the listener bus delivers the last stage's end asynchronously
            stageLines.add(new ArrayList<>(stages));
        }

        single = start.copy();
        long t0 = System.nanoTime();
        new Trainer(single, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create("adam", 0.001)).epochs(epochs).batchSize(batch)
                .seed(42)).fit(local);
        double oneSeconds = (System.nanoTime() - t0) / 1e9;

        System.out.printf("MNIST 784-128-10, %,d rows, %d epochs, batch %d, %s (%d tasks)%n", rows, epochs, batch, master, tasks);
        System.out.printf("| phase (task 0), s per epoch | %s | %s |%n|---|---:|---:|%n", names[0], names[1]);
        java.util.Set<String> phases = new java.util.LinkedHashSet<>(results[0].seconds().keySet());
        phases.addAll(results[1].seconds().keySet());
        for (String phase : phases) {
            System.out.printf("| %s |", phase);
            for (TaskResult r : results) {
                System.out.printf(" %.3f |", r.seconds().getOrDefault(phase, 0.0) / epochs);
            }
            System.out.println();
        }
        double[] steady = new double[2];
        for (int k = 0; k < 2; k++) {
            Map<String, Double> sec = results[k].seconds();
            steady[k] = sec.getOrDefault("steps", 0.0) + sec.getOrDefault("all-reduce", 0.0)
                    + sec.getOrDefault("epoch logs and validation", 0.0) + sec.getOrDefault("checkpoints", 0.0);
            System.out.printf("| stage (driver), %s | s |%n|---|---:|%n", names[k]);
            stageLines.get(k).forEach(System.out::println);
        }
        System.out.printf("| whole fit, driver wall clock | %.3f | %.3f |%n", sparkSeconds[0], sparkSeconds[1]);
        System.out.printf("| one machine, fit | %.3f (%.3f per epoch) |%n", oneSeconds, oneSeconds / epochs);
        for (int k = 0; k < 2; k++) {
            System.out.printf("%s: epoch time on Spark (steps + all-reduce + logs + checkpoints) / one machine: %.2f×; whole fit: %.2f×%n",
                    names[k], steady[k] / oneSeconds, sparkSeconds[k] / oneSeconds);
            System.out.println(names[k] + ": final loss " + results[k].history().get(results[k].history().size() - 1));
        }
        if (!results[0].history().equals(results[1].history())) {
            throw new IllegalStateException("the TCP and the in-JVM fits disagree: " + results[0].history() + " vs " + results[1].history());
        }
        spark.stop();
    }
}
