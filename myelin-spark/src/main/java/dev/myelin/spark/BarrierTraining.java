package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingRun;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.myelin.compute.Compute;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One barrier task of a data-parallel fit (see {@link DataParallelTrainer}): gathers its m rows in
 * global-index order, meets the other tasks (in this JVM's registry, or through one {@code allGather}
 * carrying the TCP hub's address), checks that all resume from the same checkpoint epoch, and drives Myelin's own step-wise loop ({@link TrainingRun}) with an
 * {@link AllReduceAggregator}, so every optimizer step uses the global batch's gradient. After each
 * epoch the tasks average their epoch logs (equal row counts, so the mean of the means is the global
 * mean), validate (each task its share of the validation rows, summed), run early stopping on the
 * global logs (the same decision on every task), and task 0 saves a checkpoint; task 0 returns the
 * trained model.
 */
final class BarrierTraining extends AbstractFunction1<Iterator<Tuple2<Integer, RowBlock>>, Iterator<TaskResult.Bytes>>
        implements Serializable {
    private static final long RENDEZVOUS_MILLIS = 5 * 60_000;

    private static final long VALIDATION_STREAM = 0x7A11DL;

    private final DataParallelTrainer.TaskSpec spec;
    private final Broadcast<byte[]> initialModel;
    private final Broadcast<ValidationRows> validationRows;

    /** @param validationRows a validation set given on the driver, or null (then the settings' split, if any) */
    BarrierTraining(DataParallelTrainer.TaskSpec spec, Broadcast<byte[]> initialModel, Broadcast<ValidationRows> validationRows) {
        this.spec = spec;
        this.initialModel = initialModel;
        this.validationRows = validationRows;
    }

    @Override
    public Iterator<TaskResult.Bytes> apply(Iterator<Tuple2<Integer, RowBlock>> rows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        enterTask(ctx.cpus());
        try {
            return train(ctx, rows);
        } finally {
            leaveTask();
        }
    }

    private static final Object KERNEL_THREADS = new Object();
    private static int tasksRunning;
    private static int threadsBefore;

    /**
     * A task gets the cores Spark gave it ({@code spark.task.cpus}, 1 by default) as kernel threads, as
     * TorchDistributor sets one OpenMP thread per task: the tasks of an executor share its JVM and the
     * kernel pool, and P tasks each splitting their products over every core only wait for each other
     * (measured in {@code local[2]}: 0.280 s of steps per epoch with 2 kernel threads, 0.164 s with 1).
     * Results do not depend on the thread count. The last task to leave restores the JVM's setting.
     */
    private static void enterTask(int cpus) {
        synchronized (KERNEL_THREADS) {
            if (tasksRunning++ == 0) {
                threadsBefore = Compute.threads();
            }
            Compute.setThreads(Math.max(1, cpus));
        }
    }

    private static void leaveTask() {
        synchronized (KERNEL_THREADS) {
            if (--tasksRunning == 0) {
                Compute.setThreads(threadsBefore);
            }
        }
    }

    private Iterator<TaskResult.Bytes> train(BarrierTaskContext ctx, Iterator<Tuple2<Integer, RowBlock>> rows) {
        PhaseClock clock = new PhaseClock();
        int rank = ctx.partitionId();
        int tasks = ctx.getTaskInfos().length;
        if (tasks != spec.tasks()) {
            throw new IllegalStateException("the barrier stage has " + tasks + " tasks, expected " + spec.tasks());
        }
        TrainerSettings s = spec.settings();
        Dataset local = localData(rows);
        Dataset validation = null;
        if (validationRows != null) {
            validation = validationRows.value().share(rank, tasks, local.x().precision());
        } else if (s.validationSplit() > 0) {
            // every task holds m rows and splits off the same count, so all take the same steps
            Dataset[] parts = local.split(s.validationSplit(), Rng.derive(s.seed() ^ VALIDATION_STREAM, rank));
            local = parts[0];
            validation = parts[1];
        }
        clock.lap("rows");
        Path checkpoints = spec.checkpointDir().isEmpty() ? null : Path.of(spec.checkpointDir());
        Optimizer optimizer = s.newOptimizer();
        Model model = ModelBytes.load(initialModel.value(), "the initial network");
        List<Map<String, Double>> history = new ArrayList<>();
        int startEpoch = 0;
        Checkpoint.Resumed resumed = null;
        if (checkpoints != null && Files.exists(checkpoints.resolve(Checkpoint.LATEST))) {
            resumed = load(checkpoints, optimizer);
            model = new Model(resumed.model().network(), model.info());
            history.addAll(resumed.history());
            startEpoch = resumed.epochsDone();
        }
        try (AllReduce reduce = meet(ctx, rank, tasks);
             EpochProgress.Sender progress = new EpochProgress.Sender(rank == 0 ? spec.progressAddress() : null)) {
            agreeOnCheckpoint(reduce, startEpoch);
            clock.lap("rendezvous");
            Network network = model.network();
            AllReduceAggregator aggregator = new AllReduceAggregator(reduce);
            int localBatch = (s.batchSize() + tasks - 1) / tasks;
            Training training = Training.of(Loss.byName(s.loss()), optimizer)
                    .epochs(s.epochs())
                    .batchSize(localBatch)
                    .seed(Rng.derive(s.seed(), rank))
                    .startEpoch(startEpoch)
                    .accuracy(spec.classification())
                    .gradientAggregator(aggregator);
            Trainer trainer = new Trainer(network, training);
            TrainingRun run = resumed == null ? trainer.start(local) : trainer.start(local, resumed.optimizerState());
            EarlyStopping stopping = s.earlyStopping() == null ? null : s.earlyStopping().listener();
            if (stopping != null) {
                stopping.onTrainBegin(run.state());
            }
            while (!run.finished()) {
                int epoch = run.epoch();
                long reducedBefore = aggregator.reduceNanos();
                Map<String, Double> logs = run.runEpoch();
                clock.lap("steps");
                clock.add("steps", -(aggregator.reduceNanos() - reducedBefore));
                clock.add("all-reduce", aggregator.reduceNanos() - reducedBefore);
                Map<String, Double> global = globalLogs(logs, validation, network, reduce);
                clock.lap("epoch logs and validation");
                history.add(global);
                if (stopping != null) {
                    // every task sees the same global logs and weights, so all stop at the same epoch
                    stopping.onEpochEnd(run.state(), epoch, global);
                }
                if (rank == 0 && checkpoints != null) {
                    save(checkpoints, new Model(network, model.info()), run, epoch + 1, history);
                    clock.lap("checkpoints");
                }
                if (rank == 0) {
                    progress.send(epoch, global); // after the checkpoint: a reported epoch survives a failure
                }
                awaitKillForTest(ctx, epoch);
            }
            run.finish();
            if (stopping != null) {
                stopping.onTrainEnd(run.state(), run.history());
            }
            if (rank != 0) {
                return CollectionConverters.asScala(List.<TaskResult.Bytes>of().iterator());
            }
            TaskResult.Bytes result = TaskResult.Bytes.of(new Model(network, model.info()), history, startEpoch, clock.seconds(),
                    run.state().stopRequested() ? run.state().stopReason() : "");
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("task " + rank + " of the data-parallel fit: " + e.getMessage(), e);
        }
    }

    /**
     * This task's m rows as a Myelin data set, each at its place i div P (so in global-index order,
     * whatever order the shuffle delivers the blocks in), in the network's precision.
     */
    private Dataset localData(Iterator<Tuple2<Integer, RowBlock>> blocks) {
        int m = spec.rowsPerTask();
        int f = spec.features();
        int o = spec.outputs();
        int w = f + o;
        Precision precision = spec.float32() ? Precision.FLOAT32 : Precision.FLOAT64;
        Matrix x = Matrix.zeros(m, f, precision);
        Matrix y = Matrix.zeros(m, o, precision);
        boolean[] filled = new boolean[m];
        int received = 0;
        while (blocks.hasNext()) {
            RowBlock b = blocks.next()._2();
            for (int k = 0; k < b.count(); k++) {
                int slot = b.slots()[k];
                if (slot < 0 || slot >= m || filled[slot]) {
                    throw new IllegalStateException("a task received row " + slot + " twice or out of its range 0.." + (m - 1));
                }
                filled[slot] = true;
                received++;
                if (spec.float32()) {
                    System.arraycopy(b.floats(), k * w, x.floats(), slot * f, f);
                    System.arraycopy(b.floats(), k * w + f, y.floats(), slot * o, o);
                } else {
                    System.arraycopy(b.doubles(), k * w, x.doubles(), slot * f, f);
                    System.arraycopy(b.doubles(), k * w + f, y.doubles(), slot * o, o);
                }
            }
        }
        if (received != m) {
            throw new IllegalStateException("a task received " + received + " rows, expected " + m);
        }
        return new Dataset(x, y);
    }

    /**
     * The epoch's global logs in the order of one machine's (loss, accuracy, val_loss, val_accuracy,
     * lr), from one all-reduce of [accuracy_p, v_p·L_p, v_p·A_p, v_p] for task p's v_p validation rows
     * with mean loss L_p and accuracy A_p: "loss" is already global (the aggregator's) and "lr" the same
     * everywhere; the tasks train equal row counts, so the global accuracy is the mean of theirs; the
     * validation figures are Σ v_p·L_p / Σ v_p and Σ v_p·A_p / Σ v_p, those of the whole validation set.
     */
    private Map<String, Double> globalLogs(Map<String, Double> logs, Dataset validation, Network network, AllReduce reduce)
            throws IOException {
        int tasks = reduce.tasks();
        boolean accuracy = logs.containsKey("accuracy");
        double[] v = new double[4];
        v[0] = accuracy ? logs.get("accuracy") : 0;
        if (validation != null && validation.size() > 0) {
            Trainer.Evaluation e = Trainer.evaluate(network, validation, Loss.byName(spec.settings().loss()));
            v[1] = validation.size() * e.loss();
            v[2] = accuracy ? validation.size() * e.accuracy() : 0;
            v[3] = validation.size();
        }
        reduce.sum(v);
        Map<String, Double> global = new LinkedHashMap<>();
        global.put("loss", logs.get("loss"));
        if (accuracy) {
            global.put("accuracy", v[0] / tasks);
        }
        if (v[3] > 0) {
            double valLoss = v[1] / v[3];
            if (!Double.isFinite(valLoss)) {
                throw new IllegalStateException("the validation loss is " + valLoss + ": training diverged");
            }
            global.put("val_loss", valLoss);
            if (accuracy) {
                global.put("val_accuracy", v[2] / v[3]);
            }
        }
        global.put("lr", logs.get("lr"));
        return global;
    }

    /**
     * The rendezvous. Tasks that all run in one executor JVM (their executors' addresses are equal:
     * always in {@code local[N]}) join a JVM-wide group under the key of this fit's stage attempt and
     * sum in memory ({@link SharedAllReduce}), with no Spark call at all; otherwise task 0 listens on a
     * TCP port, one {@code BarrierTaskContext.allGather} (≈ 1 s: it polls once a second) carries its
     * address, and the others connect ({@link StarAllReduce}). Both give the same bits.
     */
    private AllReduce meet(BarrierTaskContext ctx, int rank, int tasks) throws IOException {
        org.apache.spark.BarrierTaskInfo[] infos = ctx.getTaskInfos();
        boolean oneJvm = !spec.tcpOnly();
        for (org.apache.spark.BarrierTaskInfo info : infos) {
            oneJvm &= info.address().equals(infos[0].address());
        }
        if (oneJvm) {
            return SharedAllReduce.join(spec.fitId() + "/" + ctx.stageAttemptNumber(), rank, tasks, ctx::isInterrupted,
                    RENDEZVOUS_MILLIS);
        }
        try (ServerSocket server = rank == 0 ? StarAllReduce.listen(hostOf(ctx, rank)) : null) {
            String[] all = ctx.allGather(rank == 0 ? hostOf(ctx, rank) + ":" + server.getLocalPort() : "-");
            return rank == 0 ? StarAllReduce.accept(server, tasks, ctx::isInterrupted, RENDEZVOUS_MILLIS)
                    : StarAllReduce.connect(all[0], rank, tasks, ctx::isInterrupted, RENDEZVOUS_MILLIS);
        }
    }

    /** Every task must resume from the same checkpoint epoch (a sum of one-hot vectors shows all). */
    private static void agreeOnCheckpoint(AllReduce reduce, int startEpoch) throws IOException {
        double[] epochs = new double[reduce.tasks()];
        epochs[reduce.rank()] = startEpoch;
        reduce.sum(epochs);
        for (double theirs : epochs) {
            if (theirs != startEpoch) {
                throw new IllegalStateException("the tasks found different checkpoints (epochs " + startEpoch + " and " + (int) theirs
                        + "); the stage will be retried");
            }
        }
    }

    private static String hostOf(BarrierTaskContext ctx, int rank) {
        String address = ctx.getTaskInfos()[rank].address();
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    /**
     * The fault test's hook: in the stage's first attempt, task 1 waits after this epoch until Spark
     * kills it ({@code SparkContext.killTaskAttempt}, which interrupts it), so the kill lands at a
     * known epoch. It gives up after two minutes.
     */
    private void awaitKillForTest(BarrierTaskContext ctx, int epoch) {
        if (spec.pauseAfterEpoch() != epoch || ctx.partitionId() != Math.min(1, spec.tasks() - 1) || ctx.stageAttemptNumber() != 0) {
            return;
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            ctx.killTaskIfInterrupted(); // throws TaskKilledException once killed
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                ctx.killTaskIfInterrupted();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("task 1 was interrupted without being killed");
            }
        }
        throw new IllegalStateException("task 1 waited two minutes after epoch " + epoch + " for the test to kill it");
    }

    private static Checkpoint.Resumed load(Path dir, Optimizer optimizer) {
        try {
            return Checkpoint.load(dir, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not resume from the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void save(Path dir, Model model, TrainingRun run, int epochsDone, List<Map<String, Double>> history) {
        try {
            Checkpoint.save(dir, model, run.optimizerState(), epochsDone, history, Map.of("trainer", "myelin-spark"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

}
