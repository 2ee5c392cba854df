package dev.myelin.train;

import dev.myelin.nn.Sequential;
import dev.myelin.data.Dataset;
import dev.myelin.data.Labels;
import dev.myelin.init.Rng;
import dev.myelin.kernel.Kernels;
import dev.myelin.losses.Loss;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fit, step by step: the training loop of {@link Trainer} exposed one batch at a time, so that
 * every client (the command line, the playground, a Spark task, tests) runs the same loop and an
 * exported command reproduces what a user saw (notes 002, "Batch gradient descent"):
 * <pre>{@code
 * TrainingRun run = new Trainer(network, training).start(data);
 * while (!run.finished()) {
 *     TrainingRun.Step s = run.step();          // one batch: forward, loss, backward, optimizer step
 *     if (s.epochLogs() != null) { ... }        // this step closed an epoch: loss, accuracy, val_*, lr
 * }
 * History history = run.finish();
 * }</pre>
 *
 * <p>Epoch e visits the examples in the order 0..n−1 shuffled by a generator seeded with (seed, e),
 * in batches of B (the last one may be smaller). Each step gathers its rows into workspaces sized
 * once, computes ∂E/∂θ averaged over the batch, hands the gradients to the
 * {@link GradientAggregator} if there is one, and takes one optimizer step. The logged training loss
 * and accuracy are running means over the epoch's batches, measured before each batch's update (as
 * Keras does). An epoch ends after its last batch, or early when a listener asks to stop.
 */
public final class TrainingRun {
    private static final long SHUFFLE_STREAM = 0x5EED5EEDL;

    private final Sequential network;
    private final Training training;
    private final Dataset train;
    private final Dataset validation;
    private final Loss loss;
    private final OptimizerState optimizer;
    private final GradientAggregator aggregator;
    /** An array, not the list: a for-each over a list whose class varies from run to run made an iterator per step. */
    private final TrainingListener[] listeners;
    private final TrainingState state;
    private final History history = new History();
    private final Matrix xb;
    private final Matrix yb;
    private final int[] order;
    private final int batch;
    private final int batches;
    private final boolean accuracy;

    private int epoch;
    private int nextBatch;
    private boolean inEpoch;
    private double lossSum;
    private long correct;
    private int seen;
    private boolean ended;
    /** The last step's epoch, batch, size and loss (see {@link #advance}). */
    private int stepEpoch;
    private int stepBatch;
    private int stepSize;
    private double stepLoss;

    TrainingRun(Sequential network, Training training, Dataset train, Dataset validation, OptimizerState optimizer) {
        this.network = network;
        this.training = training;
        this.train = train;
        this.validation = validation;
        this.loss = training.loss();
        this.optimizer = optimizer;
        this.aggregator = training.gradientAggregator();
        this.listeners = training.listeners().toArray(TrainingListener[]::new);
        int n = train.size();
        this.batch = Math.min(training.batchSize(), n);
        this.batches = (n + batch - 1) / batch;
        this.state = new TrainingState(network, optimizer, training.epochs(), batches);
        this.xb = Matrix.zeros(batch, train.features(), network.precision());
        this.yb = Matrix.zeros(batch, train.outputs(), network.precision());
        this.order = new int[n];
        this.accuracy = training.logsAccuracy();
        this.epoch = training.startEpoch();
        for (TrainingListener l : listeners) {
            l.onTrainBegin(state);
        }
    }

    /** One trained batch. {@code epochLogs} is non-null when this step closed its epoch. */
    public record Step(int epoch, int batch, int size, double loss, Map<String, Double> epochLogs) {}

    /** True when every epoch has run or training was stopped (no further {@link #step}). */
    public boolean finished() {
        return !inEpoch && (epoch >= training.epochs() || state.stopRequested());
    }

    /**
     * Trains one batch: starts the next epoch if none is running, and closes the epoch (validation,
     * logs, listeners) when this was its last batch or a listener asked to stop.
     *
     * @throws TrainingDivergedException when the loss is not finite (names the first non-finite value)
     * @throws IllegalStateException when the run has {@link #finished()}
     */
    public Step step() {
        Map<String, Double> logs = advance();
        return new Step(stepEpoch, stepBatch, stepSize, stepLoss, logs);
    }

    /**
     * {@link #step} without its record: the step's epoch, batch, size and loss are left in fields and
     * the closed epoch's logs (or null) returned, so that {@link Trainer#fit}'s loop allocates nothing
     * per batch (the record escaped: 40 bytes a step, measured with the thread's allocation counter).
     */
    Map<String, Double> advance() {
        if (finished() || ended) {
            throw new IllegalStateException("this training run has finished");
        }
        if (!inEpoch) {
            beginEpoch();
        }
        int e = epoch;
        int b = nextBatch++;
        int from = b * batch;
        int size = Math.min(batch, order.length - from);
        xb.setRows(size);
        yb.setRows(size);
        gather(train.x(), order, from, size, xb);
        gather(train.y(), order, from, size, yb);
        double batchLoss = network.computeGradients(xb, yb, loss);
        if (accuracy) {
            correct += countCorrect(network.outputLayer().lastOutput(), yb);
        }
        if (aggregator != null) {
            batchLoss = aggregator.aggregate(network.parameters(), size, batchLoss);
        }
        if (!Double.isFinite(batchLoss)) {
            throw new TrainingDivergedException(epoch, b, "the loss is " + batchLoss + FiniteCheck.where(network));
        }
        optimizer.step();
        lossSum += batchLoss * size;
        seen += size;
        for (TrainingListener l : listeners) {
            l.onBatchEnd(state, epoch, b, size, batchLoss);
        }
        stepEpoch = e;
        stepBatch = b;
        stepSize = size;
        stepLoss = batchLoss;
        return nextBatch >= batches || state.stopRequested() ? endEpoch() : null;
    }

    /**
     * dst's rows r = src's rows order[from + r], for r &lt; size: the kernels' gather (float32 batches
     * are copied a piece of every row at a time, split over the kernel threads; see {@code RowGather}).
     */
    static void gather(Matrix src, int[] order, int from, int size, Matrix dst) {
        Kernels.get().gatherRows(src, order, from, size, dst);
    }

    /** Steps to the end of the current (or next) epoch and returns its logs; null if the run has finished. */
    public Map<String, Double> runEpoch() {
        while (!finished()) {
            Map<String, Double> logs = advance();
            if (logs != null) {
                return logs;
            }
        }
        return null;
    }

    /** Ends the run: the listeners' {@code onTrainEnd} (e.g. early stopping restores the best weights). */
    public History finish() {
        if (!ended) {
            ended = true;
            if (inEpoch) {
                endEpoch();
            }
            if (state.stopRequested()) {
                history.setStopReason(state.stopReason());
            }
            for (TrainingListener l : listeners) {
                l.onTrainEnd(state, history);
            }
        }
        return history;
    }

    /** Asks the run to stop after the current batch. */
    public void stop(String reason) {
        state.stop(reason);
    }

    private void beginEpoch() {
        inEpoch = true;
        nextBatch = 0;
        lossSum = 0;
        correct = 0;
        seen = 0;
        optimizer.setEpoch(epoch);
        for (TrainingListener l : listeners) {
            l.onEpochBegin(state, epoch);
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (training.shuffle()) {
            new Rng(Rng.derive(training.seed() ^ SHUFFLE_STREAM, epoch)).shuffle(order);
        }
    }

    private Map<String, Double> endEpoch() {
        inEpoch = false;
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / seen);
        if (accuracy) {
            logs.put("accuracy", (double) correct / seen);
        }
        if (validation != null) {
            Trainer.Evaluation v = Trainer.evaluate(network, validation, loss);
            if (!Double.isFinite(v.loss())) {
                // finite training losses can hide weights that overflow on other data: a model answering NaN is not saved
                throw new TrainingDivergedException(epoch, nextBatch - 1, "the validation loss is " + v.loss()
                        + FiniteCheck.where(network));
            }
            logs.put("val_loss", v.loss());
            if (accuracy) {
                logs.put("val_accuracy", v.accuracy());
            }
        }
        logs.put("lr", optimizer.learningRate());
        history.add(logs);
        int done = epoch++;
        for (TrainingListener l : listeners) {
            l.onEpochEnd(state, done, logs);
        }
        if (!Double.isNaN(training.lossThreshold()) && logs.get("loss") < training.lossThreshold()) {
            state.stop(String.format("the training loss %.6g fell below the threshold %.6g", logs.get("loss"),
                    training.lossThreshold()));
        }
        return logs;
    }

    static long countCorrect(Matrix outputs, Matrix targets) {
        long n = 0;
        for (int r = 0; r < targets.rows(); r++) {
            if (Labels.classOf(outputs, r) == Labels.classOf(targets, r)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The network being trained: the very object given to the {@link Trainer}, so a
     * {@code dev.myelin.Network} comes back as itself from {@code Network.of(state.network())}.
     */
    public Sequential network() {
        return network;
    }

    /** This fit's optimizer state. */
    public OptimizerState optimizerState() {
        return optimizer;
    }

    /** What listeners see (stop requests, the planned epochs). */
    public TrainingState state() {
        return state;
    }

    /** The epoch running now, or the next one to run (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The index of the next batch within the running epoch (0 between epochs). */
    public int batchInEpoch() {
        return inEpoch ? nextBatch : 0;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** The logs of every finished epoch so far. */
    public History history() {
        return history;
    }

    /** The examples trained on (after any validation split). */
    public Dataset trainingData() {
        return train;
    }

    /** The validation examples, or null. */
    public Dataset validationData() {
        return validation;
    }
}
