package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-parallel trainer against Myelin on one machine: the same global batches give the same
 * weights (to rounding), a rerun gives the same bits (in memory or over TCP), and when Spark kills a task mid-fit the stage is
 * retried, resumes from the last epoch checkpoint and ends with the bits of an uninterrupted fit.
 */
class DataParallelTrainerTest {
    private static final int N = 64;
    private static final int F = 4;
    private static final int K = 3;
    private static final int TASKS = 2;
    private static final int BATCH = 8;

    private static Network network(Precision precision, long seed) {
        return new MyelinClassifier().setLayers(8).setPrecision(precision == Precision.FLOAT64 ? "float64" : "float32").setSeed(seed)
                .buildNetwork(F, K, Activation.SOFTMAX);
    }

    private static TrainingData data() {
        return TrainingData.of(SparkTests.table(N, F, K, 2), "features", "label", true);
    }

    private static TrainerSettings settings(String optimizer, double lr, int epochs, long seed, String checkpoints) {
        return new TrainerSettings("categorical_cross_entropy", optimizer, lr, 0, BATCH, epochs, seed, TASKS, checkpoints);
    }

    /**
     * The global batches the trainer forms, in step order: row i goes to task i mod P; task p shuffles
     * its m rows each epoch with derive(seed, p) and takes batches of B/P; step s's global batch is
     * task 0's batch s followed by task 1's.
     */
    private static Dataset globalBatchesInStepOrder(int epochs, long seed) {
        List<Row> rows = SparkTests.table(N, F, K, 2).collectAsList();
        int m = N / TASKS;
        int local = BATCH / TASKS;
        int total = epochs * N;
        Matrix x = Matrix.zeros(total, F, Precision.FLOAT64);
        Matrix y = Matrix.zeros(total, K, Precision.FLOAT64);
        int out = 0;
        for (int e = 0; e < epochs; e++) {
            int[][] orders = new int[TASKS][m];
            for (int p = 0; p < TASKS; p++) {
                for (int i = 0; i < m; i++) {
                    orders[p][i] = i;
                }
                new Rng(Rng.derive(Rng.derive(seed, p) ^ 0x5EED5EEDL, e)).shuffle(orders[p]);
            }
            for (int step = 0; step < m / local; step++) {
                for (int p = 0; p < TASKS; p++) {
                    for (int r = 0; r < local; r++) {
                        int globalIndex = orders[p][step * local + r] * TASKS + p;
                        Row row = rows.get(globalIndex);
                        double[] v = ((Vector) row.get(0)).toArray();
                        for (int c = 0; c < F; c++) {
                            x.set(out, c, v[c]);
                        }
                        y.set(out, (int) row.getDouble(1), 1);
                        out++;
                    }
                }
            }
        }
        return new Dataset(x, y);
    }

    private static double maxDifference(Network a, Network b) {
        double worst = 0;
        for (Map.Entry<String, dev.myelin.layers.Parameter> e : a.namedParameters().entrySet()) {
            Matrix u = e.getValue().value();
            Matrix v = b.namedParameters().get(e.getKey()).value();
            for (int i = 0; i < u.size(); i++) {
                worst = Math.max(worst, Math.abs(u.get(i) - v.get(i)));
            }
        }
        return worst;
    }

    private static void assertBitIdentical(Network a, Network b) {
        for (Map.Entry<String, dev.myelin.layers.Parameter> e : a.namedParameters().entrySet()) {
            assertThat(e.getValue().value().floats()).as(e.getKey())
                    .containsExactly(b.namedParameters().get(e.getKey()).value().floats());
        }
    }

    /** Two epochs (16 steps) on Spark against Myelin's Trainer fed the same global batches in order. */
    @Test
    void agreesWithOneMachineOnTheSameGlobalBatches() {
        for (var c : List.of(new Object[] {Precision.FLOAT64, "adam", 0.01, 1e-12}, new Object[] {Precision.FLOAT32, "sgd", 0.1, 2e-6})) {
            Precision precision = (Precision) c[0];
            String optimizer = (String) c[1];
            double lr = (Double) c[2];
            long seed = 11;
            Network start = network(precision, seed);
            Model spark = new DataParallelTrainer(settings(optimizer, lr, 2, seed, "")).fit(new Model(start.copy(), ModelInfo.defaults(start)), data());

            Network single = start.copy();
            Dataset batches = globalBatchesInStepOrder(2, seed);
            new Trainer(single, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create(optimizer, lr))
                    .epochs(1).batchSize(BATCH).shuffle(false)).fit(batches);

            assertThat(maxDifference(start, single)).as("training moved the weights").isGreaterThan(1e-3);
            assertThat(maxDifference(spark.network(), single)).as(precision + " " + optimizer).isLessThan((Double) c[3]);
        }
    }

    @Test
    void aRerunIsBitIdenticalAndAKilledTaskResumesFromTheLastEpochCheckpoint(@TempDir Path dir) throws Exception {
        long seed = 3;
        Network start = network(Precision.FLOAT32, seed);
        TaskResult first = new DataParallelTrainer(settings("adam", 0.01, 3, seed, ""))
                .fit(new Model(start.copy(), ModelInfo.defaults(start)), data(), null);
        TaskResult again = new DataParallelTrainer(settings("adam", 0.01, 3, seed, ""))
                .fit(new Model(start.copy(), ModelInfo.defaults(start)), data(), null);
        assertBitIdentical(first.model().network(), again.model().network());
        assertThat(again.history()).isEqualTo(first.history());
        // in local[2] the tasks sum in shared memory; over TCP (as on a cluster) the bits are the same
        TaskResult overTcp = new DataParallelTrainer(settings("adam", 0.01, 3, seed, "")).tcpAllReduce()
                .fit(new Model(start.copy(), ModelInfo.defaults(start)), data(), null);
        assertBitIdentical(first.model().network(), overTcp.model().network());
        assertThat(overTcp.history()).isEqualTo(first.history());
        assertThat(SharedAllReduce.groupsForTest()).as("the tasks left the in-JVM registry").isZero();

        Path checkpoints = dir.resolve("ckpt");
        // the fault: Spark kills task 1 (killTaskAttempt, interrupting it) once task 0 reports epoch 0,
        // whose checkpoint is then on disk; task 1 waits after epoch 0 in the first attempt to be killed
        var sc = SparkTests.spark().sparkContext();
        Map<Long, Integer> running = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> killed = new java.util.concurrent.CopyOnWriteArrayList<>();
        var listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart start) {
                running.put(start.taskInfo().taskId(), start.taskInfo().index());
            }

            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                running.remove(end.taskInfo().taskId());
                if (end.reason() instanceof org.apache.spark.TaskKilled k) {
                    killed.add(k.reason());
                }
            }
        };
        sc.addSparkListener(listener);
        TaskResult resumed;
        try (EpochProgress.Receiver progress = new EpochProgress.Receiver("127.0.0.1", (epoch, logs) -> {
            if (epoch == 0) {
                running.forEach((id, index) -> {
                    if (index == 1) {
                        sc.killTaskAttempt(id, true, "killed by the fault test after epoch 0");
                    }
                });
            }
        })) {
            resumed = new DataParallelTrainer(settings("adam", 0.01, 3, seed, checkpoints.toString()))
                    .pauseAfterEpochForTest(0)
                    .fit(new Model(start.copy(), ModelInfo.defaults(start)), data(), progress);
        } finally {
            sc.removeSparkListener(listener);
        }
        assertThat(killed).as("Spark killed task 1").contains("killed by the fault test after epoch 0");
        assertThat(resumed.startedAtEpoch()).as("the retried stage resumed after epoch 0, not from scratch").isEqualTo(1);
        try (var fits = Files.list(checkpoints)) {
            assertThat(fits.toList()).singleElement().satisfies(fit -> assertThat(fit.resolve("latest")).isRegularFile());
        }
        assertBitIdentical(first.model().network(), resumed.model().network());
        assertThat(resumed.history()).hasSize(3);
        assertThat(resumed.history().get(2).get("loss")).isEqualTo(first.history().get(2).get("loss"));
    }
}
