package dev.myelin.spark;

import dev.myelin.Model;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on one Spark barrier stage (the pattern of XGBoost4J-Spark and
 * TorchDistributor): P tasks are gang-scheduled and, for every step, exchange their gradients with an
 * all-reduce, so each step costs no Spark job (see docs/SPARK.md for the measured costs). When all tasks
 * run in one executor JVM (always in {@code local[N]}) they meet in a JVM-wide registry and sum in
 * shared memory ({@link SharedAllReduce}); otherwise they meet once through
 * {@code BarrierTaskContext.allGather} and sum over TCP ({@link StarAllReduce}): the same bits.
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
    private int pauseAfterEpoch = -1;
    private boolean tcpOnly;
    private ValidationRows validation;

    DataParallelTrainer(TrainerSettings settings) {
        this.settings = settings;
    }

    /** Tests only: in the stage's first attempt, task 1 waits after this epoch until the test kills it. */
    DataParallelTrainer pauseAfterEpochForTest(int epoch) {
        this.pauseAfterEpoch = epoch;
        return this;
    }

    /**
     * Tests and the profile only: the tasks exchange over TCP ({@link StarAllReduce}) even when they all
     * run in one JVM, where they would use {@link SharedAllReduce}.
     */
    DataParallelTrainer tcpAllReduce() {
        this.tcpOnly = true;
        return this;
    }

    /**
     * Validates on this set after every epoch ({@code val_loss}, {@code val_accuracy}) instead of a
     * split of the training rows: it reaches the tasks in a broadcast and each evaluates its share.
     */
    DataParallelTrainer validation(dev.myelin.data.Dataset data) {
        this.validation = data == null ? null : ValidationRows.of(data);
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
        int width = data.features() + data.outputs();
        boolean float32 = initial.network().precision() == Precision.FLOAT32;
        // global index i of each row = its partition's offset + its position (as zipWithIndex)
        long[] sizes = data.partitionSizes() != null ? data.partitionSizes() : partitionSizes(data.rows());
        long[] offsets = new long[sizes.length];
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = offsets[i - 1] + sizes[i - 1];
        }
        // row i → task i mod P, at place i div P; one packed block per (input partition, task)
        JavaPairRDD<Integer, RowBlock> parts = data.rows().mapPartitionsWithIndex((part, it) -> {
            RowBlock.Builder[] blocks = new RowBlock.Builder[p];
            for (int t = 0; t < p; t++) {
                blocks[t] = new RowBlock.Builder(width, float32);
            }
            for (long i = offsets[part]; it.hasNext() && i < used; i++) {
                blocks[(int) (i % p)].add((int) (i / p), it.next());
            }
            List<Tuple2<Integer, RowBlock>> out = new java.util.ArrayList<>(p);
            for (int t = 0; t < p; t++) {
                if (!blocks[t].isEmpty()) {
                    out.add(new Tuple2<>(t, blocks[t].build()));
                }
            }
            return out.iterator();
        }, true).mapToPair(t -> t).partitionBy(new TaskPartitioner(p));
        Broadcast<byte[]> model = sc.broadcast(ModelBytes.of(initial));
        Broadcast<ValidationRows> validationRows = validation == null ? null : sc.broadcast(validation);
        // this fit's own checkpoint directory: a retried stage resumes from it, a later fit never does
        String fitId = java.util.UUID.randomUUID().toString();
        String checkpoints = settings.checkpointDir().isEmpty() ? ""
                : java.nio.file.Path.of(settings.checkpointDir(), "fit-" + fitId).toString();
        TaskSpec spec = new TaskSpec(settings, fitId, checkpoints, data.features(), data.outputs(), float32, data.classification(), (int) perTask,
                p, progress == null ? null : progress.address(), pauseAfterEpoch, tcpOnly);
        List<TaskResult.Bytes> out = parts.rdd().barrier()
                .mapPartitions(new BarrierTraining(spec, model, validationRows), false, ClassTag$.MODULE$.apply(TaskResult.Bytes.class))
                .toJavaRDD()
                // a shuffle after the barrier stage makes it a ShuffleMapStage: Spark retries a failed
                // barrier ShuffleMapStage as a whole, while a failed barrier ResultStage fails the job
                .repartition(1)
                .collect();
        model.destroy();
        if (validationRows != null) {
            validationRows.destroy();
        }
        if (out.size() != 1) {
            throw new IllegalStateException("the barrier stage returned " + out.size() + " results, expected task 0's only");
        }
        return out.get(0).decode(initial);
    }

    /** The rows in each partition (one job). */
    private static long[] partitionSizes(org.apache.spark.api.java.JavaRDD<double[]> rows) {
        List<Long> sizes = rows.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    /** A block's key is its task. */
    static final class TaskPartitioner extends Partitioner {
        private final int parts;

        TaskPartitioner(int parts) {
            this.parts = parts;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskPartitioner m && m.parts == parts;
        }

        @Override
        public int hashCode() {
            return parts;
        }
    }

    /**
     * What every task needs besides its rows and the initial model; {@code fitId} names the fit (its
     * checkpoint directory, and with the stage attempt its tasks' in-JVM all-reduce group).
     */
    record TaskSpec(TrainerSettings settings, String fitId, String checkpointDir, int features, int outputs, boolean float32,
            boolean classification, int rowsPerTask, int tasks, String progressAddress, int pauseAfterEpoch, boolean tcpOnly)
            implements java.io.Serializable {}

}
