package dev.myelin.spark;

import dev.myelin.Model;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on one Spark barrier stage (the pattern of XGBoost4J-Spark and
 * TorchDistributor): P tasks are gang-scheduled, meet once through {@code BarrierTaskContext.allGather}
 * and then, for every step, exchange their gradients with an all-reduce over TCP
 * ({@link StarAllReduce}), so each step costs no Spark job (see docs/SPARK.md for the measured costs).
 *
 * <p>The data: the n rows get a global index i (input order); row i goes to task i mod P and only the
 * first P·⌊n/P⌋ rows are used (at most P−1 are left out), so every task holds exactly m = ⌊n/P⌋ rows,
 * in index order, and every task takes the same number of steps per epoch. Task p shuffles its rows
 * each epoch with the seed derive(seed, p) and trains batches of b = ⌈B/P⌉ of them; the global batch of
 * a step is the union of the P local batches, and its gradient is
 * <pre>  ∇E = Σ_p r_p·∇E_p / Σ_p r_p    (r_p the rows of task p's batch, ∇E_p its mean gradient)</pre>
 * i.e. exactly the mean gradient over the global batch, as on one machine.
 *
 * <p>Faults: when a task dies, Spark fails and retries the whole barrier stage; with a checkpoint
 * directory, task 0 saves a checkpoint after every epoch and the retried tasks resume from the last
 * one instead of from scratch.
 */
public final class DataParallelTrainer {
    private final TrainerSettings settings;
    private int failAfterEpoch = -1;

    DataParallelTrainer(TrainerSettings settings) {
        this.settings = settings;
    }

    /** Tests only: task 1 throws after this epoch in the stage's first attempt, as a killed task would. */
    DataParallelTrainer failAfterEpochForTest(int epoch) {
        this.failAfterEpoch = epoch;
        return this;
    }

    /** Trains {@code initial} on {@code data} and returns the trained model (what task 0 ended with). */
    Model fit(Model initial, TrainingData data) {
        return fit(initial, data, null).model();
    }

    /** Trains, forwarding each epoch's global logs to {@code progress} when it is not null. */
    TaskResult fit(Model initial, TrainingData data, EpochProgress.Receiver progress) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.rows().context());
        int tasks = settings.numTasks() > 0 ? settings.numTasks() : sc.defaultParallelism();
        tasks = (int) Math.max(1, Math.min(tasks, data.count()));
        long perTask = data.count() / tasks;
        long used = perTask * tasks;
        int p = tasks;
        JavaPairRDD<Long, double[]> parts = data.rows().zipWithIndex()
                .filter(t -> t._2() < used)
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .partitionBy(new ModPartitioner(p));
        parts.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Broadcast<byte[]> model = sc.broadcast(ModelBytes.of(initial));
            // this fit's own checkpoint directory: a retried stage resumes from it, a later fit never does
            String checkpoints = settings.checkpointDir().isEmpty() ? ""
                    : java.nio.file.Path.of(settings.checkpointDir(), "fit-" + java.util.UUID.randomUUID()).toString();
            TaskSpec spec = new TaskSpec(settings, checkpoints, data.features(), data.outputs(), data.classification(), (int) perTask, p,
                    progress == null ? null : progress.address(), failAfterEpoch);
            List<TaskResult.Bytes> out = parts.rdd().barrier()
                    .mapPartitions(new BarrierTraining(spec, model), false, ClassTag$.MODULE$.apply(TaskResult.Bytes.class))
                    .toJavaRDD()
                    // a shuffle after the barrier stage makes it a ShuffleMapStage: Spark retries a failed
                    // barrier ShuffleMapStage as a whole, while a failed barrier ResultStage fails the job
                    .repartition(1)
                    .collect();
            model.destroy();
            if (out.size() != 1) {
                throw new IllegalStateException("the barrier stage returned " + out.size() + " results, expected task 0's only");
            }
            return out.get(0).decode(initial);
        } finally {
            parts.unpersist(false);
        }
    }

    /** Row i → task i mod P. */
    static final class ModPartitioner extends Partitioner {
        private final int parts;

        ModPartitioner(int parts) {
            this.parts = parts;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod((Long) key, (long) parts);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ModPartitioner m && m.parts == parts;
        }

        @Override
        public int hashCode() {
            return parts;
        }
    }

    /** What every task needs besides its rows and the initial model. */
    record TaskSpec(TrainerSettings settings, String checkpointDir, int features, int outputs, boolean classification, int rowsPerTask, int tasks, String progressAddress,
            int failAfterEpoch)
            implements java.io.Serializable {}

}
