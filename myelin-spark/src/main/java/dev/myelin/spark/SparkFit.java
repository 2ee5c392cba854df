package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.optim.Optimizer;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Data-parallel training of a network on Spark from data in this JVM: what
 * {@code ./myelin train … --spark MASTER} calls (reflectively: the command line does not depend on
 * Spark). It honours the training's loss, optimizer (with L1, L2, clipping and learning-rate schedule),
 * epochs, global batch size, seed, validation set or split and early stopping (an {@link EarlyStopping}
 * among the listeners, run on every task over the global logs); other listeners stay on the caller's
 * side (they see the epochs through {@code onEpoch}). On a {@code spark://} master the executors get this JVM's classpath and module flags, which
 * suits a cluster on this host ({@code scripts/spark-cluster.sh}); elsewhere use the Spark ML API with
 * spark-submit.
 */
public final class SparkFit {
    private SparkFit() {}

    /**
     * Trains {@code network} in place and returns the per-epoch logs (loss, accuracy, lr).
     *
     * @param master {@code local[N]} or {@code spark://host:port}
     * @param onEpoch called on this thread's side with each epoch's global logs as task 0 reports them
     */
    public static List<Map<String, Double>> fit(String master, Network network, Training training, Dataset data,
            BiConsumer<Integer, Map<String, Double>> onEpoch) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("myelin train")
                .config("spark.ui.enabled", "false");
        String host = System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1");
        builder.config("spark.driver.host", host);
        if (master.startsWith("spark://")) {
            List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.reflect")
                            || a.startsWith("-Dio.netty") || a.startsWith("--enable-native-access"))
                    .toList();
            builder.config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.executor.extraJavaOptions", String.join(" ", flags));
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int tasks = sc.defaultParallelism();
            int f = data.features();
            int o = data.outputs();
            List<double[]> rows = new ArrayList<>(data.size());
            for (int r = 0; r < data.size(); r++) {
                double[] row = new double[f + o];
                for (int c = 0; c < f; c++) {
                    row[c] = data.x().get(r, c);
                }
                for (int c = 0; c < o; c++) {
                    row[f + c] = data.y().get(r, c);
                }
                rows.add(row);
            }
            JavaRDD<double[]> rdd = sc.parallelize(rows, tasks);
            Optimizer opt = training.optimizer();
            double[] rates = new double[training.epochs()];
            for (int e = 0; e < rates.length; e++) {
                rates[e] = opt.learningRate(e);
            }
            TrainerSettings.Stopping stopping = null;
            for (TrainingListener l : training.listeners()) {
                if (l instanceof EarlyStopping es) {
                    stopping = new TrainerSettings.Stopping(es.monitor(), es.patience(), es.minDelta(), es.restoresBestWeights());
                }
            }
            TrainerSettings settings = new TrainerSettings(training.loss().name(), opt.name(), opt.baseLearningRate(), opt.l1(), opt.l2(),
                    opt.clipNorm(), rates, training.batchSize(), training.epochs(), training.seed(), tasks, "",
                    training.validation() == null ? training.validationSplit() : 0, stopping);
            try (EpochProgress.Receiver progress = new EpochProgress.Receiver(host, onEpoch)) {
                TaskResult result = new DataParallelTrainer(settings).validation(training.validation())
                        .fit(new Model(network, ModelInfo.defaults(network)), new TrainingData(rdd, data.size(), f, o, training.logsAccuracy()),
                                progress);
                progress.awaitEpochs(result.history().size(), 5_000);
                network.copyParametersFrom(result.model().network());
                return result.history();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the progress socket on " + host + ": " + e.getMessage(), e);
        } finally {
            spark.stop();
        }
    }
}
