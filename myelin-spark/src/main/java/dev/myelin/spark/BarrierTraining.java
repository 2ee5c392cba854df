package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Matrix;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One barrier task of a data-parallel fit (see {@link DataParallelTrainer}): gathers its m rows in
 * global-index order, meets the other tasks (one {@code allGather} carrying the hub's address and
 * each task's checkpoint epoch), and drives Myelin's own step-wise loop ({@link TrainingRun}) with an
 * {@link AllReduceAggregator}, so every optimizer step uses the global batch's gradient. After each
 * epoch the tasks average their epoch logs (equal row counts, so the mean of the means is the global
 * mean) and task 0 saves a checkpoint; task 0 returns the trained model.
 */
final class BarrierTraining extends AbstractFunction1<Iterator<Tuple2<Long, double[]>>, Iterator<TaskResult.Bytes>>
        implements Serializable {
    private static final long RENDEZVOUS_MILLIS = 5 * 60_000;

    private final DataParallelTrainer.TaskSpec spec;
    private final Broadcast<byte[]> initialModel;

    BarrierTraining(DataParallelTrainer.TaskSpec spec, Broadcast<byte[]> initialModel) {
        this.spec = spec;
        this.initialModel = initialModel;
    }

    @Override
    public Iterator<TaskResult.Bytes> apply(Iterator<Tuple2<Long, double[]>> rows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        int tasks = ctx.getTaskInfos().length;
        if (tasks != spec.tasks()) {
            throw new IllegalStateException("the barrier stage has " + tasks + " tasks, expected " + spec.tasks());
        }
        Dataset local = localData(rows);
        TrainerSettings s = spec.settings();
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
        try (ServerSocket server = rank == 0 ? StarAllReduce.listen(hostOf(ctx, rank)) : null) {
            String mine = (rank == 0 ? hostOf(ctx, rank) + ":" + server.getLocalPort() : "-") + "|" + startEpoch;
            String[] all = ctx.allGather(mine);
            for (String a : all) {
                int theirs = Integer.parseInt(a.substring(a.indexOf('|') + 1));
                if (theirs != startEpoch) {
                    throw new IllegalStateException("the tasks found different checkpoints (epochs " + startEpoch + " and " + theirs
                            + "); the stage will be retried");
                }
            }
            String hub = all[0].substring(0, all[0].indexOf('|'));
            try (StarAllReduce reduce = rank == 0 ? StarAllReduce.accept(server, tasks, ctx::isInterrupted, RENDEZVOUS_MILLIS)
                    : StarAllReduce.connect(hub, rank, tasks, ctx::isInterrupted, RENDEZVOUS_MILLIS);
                 EpochProgress.Sender progress = new EpochProgress.Sender(rank == 0 ? spec.progressAddress() : null)) {
                Network network = model.network();
                int localBatch = (s.batchSize() + tasks - 1) / tasks;
                Training training = Training.of(Loss.byName(s.loss()), optimizer)
                        .epochs(s.epochs())
                        .batchSize(localBatch)
                        .seed(Rng.derive(s.seed(), rank))
                        .startEpoch(startEpoch)
                        .accuracy(spec.classification())
                        .gradientAggregator(new AllReduceAggregator(reduce));
                Trainer trainer = new Trainer(network, training);
                TrainingRun run = resumed == null ? trainer.start(local) : trainer.start(local, resumed.optimizerState());
                double[] logBuffer = null;
                while (!run.finished()) {
                    int epoch = run.epoch();
                    Map<String, Double> logs = run.runEpoch();
                    failForTest(ctx, epoch);
                    // "loss" is already global (the aggregator returns the global batch loss) and "lr" is
                    // the same everywhere; the rest (accuracy) is local: equal row counts per task, so
                    // the global epoch mean is the mean of the tasks' means
                    List<String> keys = new ArrayList<>(logs.keySet());
                    if (logBuffer == null || logBuffer.length != keys.size()) {
                        logBuffer = new double[keys.size()];
                    }
                    for (int i = 0; i < keys.size(); i++) {
                        logBuffer[i] = logs.get(keys.get(i));
                    }
                    reduce.sum(logBuffer);
                    Map<String, Double> global = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        String k = keys.get(i);
                        global.put(k, k.equals("loss") || k.equals("lr") ? logs.get(k) : logBuffer[i] / tasks);
                    }
                    history.add(global);
                    if (rank == 0) {
                        progress.send(epoch, global);
                        if (checkpoints != null) {
                            save(checkpoints, new Model(network, model.info()), run, epoch + 1, history);
                        }
                    }
                }
                if (rank != 0) {
                    run.finish();
                    return CollectionConverters.asScala(List.<TaskResult.Bytes>of().iterator());
                }
                run.finish();
                TaskResult.Bytes result = TaskResult.Bytes.of(new Model(network, model.info()), history, startEpoch);
                return CollectionConverters.asScala(List.of(result).iterator());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("task " + rank + " of the data-parallel fit: " + e.getMessage(), e);
        }
    }

    /** This task's rows, sorted by global index (a shuffle delivers them in any order), as a Myelin data set. */
    private Dataset localData(Iterator<Tuple2<Long, double[]>> rows) {
        List<Tuple2<Long, double[]>> list = new ArrayList<>(spec.rowsPerTask());
        rows.foreach(list::add);
        if (list.size() != spec.rowsPerTask()) {
            throw new IllegalStateException("a task received " + list.size() + " rows, expected " + spec.rowsPerTask());
        }
        list.sort(Comparator.comparingLong(Tuple2::_1));
        int f = spec.features();
        int outputs = spec.outputs();
        Matrix x = Matrix.zeros(list.size(), f, dev.myelin.tensor.Precision.FLOAT64);
        Matrix y = Matrix.zeros(list.size(), outputs, dev.myelin.tensor.Precision.FLOAT64);
        for (int r = 0; r < list.size(); r++) {
            double[] row = list.get(r)._2();
            for (int c = 0; c < f; c++) {
                x.set(r, c, row[c]);
            }
            for (int c = 0; c < outputs; c++) {
                y.set(r, c, row[f + c]);
            }
        }
        return new Dataset(x, y);
    }

    private static String hostOf(BarrierTaskContext ctx, int rank) {
        String address = ctx.getTaskInfos()[rank].address();
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    /** The fault-injection hook of the tests: fail task 1 at the end of an epoch, in the stage's first attempt only. */
    private void failForTest(BarrierTaskContext ctx, int epoch) {
        if (spec.failAfterEpoch() == epoch && ctx.partitionId() == Math.min(1, spec.tasks() - 1) && ctx.stageAttemptNumber() == 0) {
            throw new IllegalStateException("injected failure after epoch " + epoch + " (test)");
        }
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
