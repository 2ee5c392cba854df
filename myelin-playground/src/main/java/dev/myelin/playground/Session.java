package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingDivergedException;
import dev.myelin.train.TrainingRun;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser tab's playground: its configuration, data, network, training run and history.
 * Training runs only while the tab's event stream asks for frames and the session is playing; the
 * methods that change state are synchronized, so controls, edits and the training loop never
 * interleave inside a batch.
 *
 * <p>Training is the shared step-wise loop ({@link TrainingRun}, as {@code ./myelin train} runs it):
 * an epoch is the training examples in an order shuffled by (initSeed, epoch), cut into batches of
 * {@code batch}; for each batch θ ← optimizer(θ, ∂E/∂θ) with E the batch loss plus the L1/L2 penalty.
 * After each epoch the training and test loss (dropout off) are recorded ({@link Measurement}) and
 * early stopping looks at the test loss ({@link BestEpoch}). What the configuration builds is in
 * {@link SessionSetup}; the tab's presence in {@link TabPresence}; what the exported command cannot
 * replay in {@link ReplayLog}.
 */
final class Session {
    private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();

    final String id;
    private final TabPresence tab = new TabPresence();
    private final LossHistory history = new LossHistory();
    private final BestEpoch best = new BestEpoch();
    private final ReplayLog replay = new ReplayLog();
    private final AtomicInteger pauses = new AtomicInteger();
    private volatile PlaygroundConfig config;
    private volatile int epoch;
    private volatile boolean playing;
    private CsvData csv;
    private boolean csvChanged;
    private PlaygroundData data;
    private Network network;
    private Optimizer optimizer;
    private Loss loss;
    private TrainingRun trainingRun;
    private boolean trained;
    private boolean stepping;
    private String status = "";
    private long[][] confusion;
    private int version;
    private int dataVersion;

    Session(String id, PlaygroundConfig config) {
        this.id = id;
        this.config = config;
        rebuild(true);
    }

    /** The configuration (an immutable record, replaced under the lock, read without it). */
    PlaygroundConfig config() {
        return config;
    }

    synchronized PlaygroundData data() {
        return data;
    }

    synchronized Network network() {
        return network;
    }

    synchronized Loss loss() {
        return loss;
    }

    synchronized CsvData csv() {
        return csv;
    }

    /** The epoch shown (read without the lock, so that requests never wait for a batch or a frame). */
    int epoch() {
        return epoch;
    }

    boolean playing() {
        return playing;
    }

    /**
     * Pause without waiting for the lock (held while a batch trains or a frame is built): the training
     * loop sees it before its next batch, and its last frame says so.
     */
    void pause() {
        playing = false;
        pauses.incrementAndGet();
    }

    /** How many lock-free pauses there have been: a frame built before the latest says fewer ({@code "pauses"}). */
    int pauses() {
        return pauses.get();
    }

    synchronized String status() {
        return status;
    }

    /** Changes whenever what a frame shows changes (a lock-free pause counts too). */
    synchronized int version() {
        return version + pauses.get();
    }

    synchronized int dataVersion() {
        return dataVersion;
    }

    /** The kept history points (at most {@link LossHistory#CAPACITY}), oldest first. */
    synchronized List<LossHistory.Point> history() {
        return history.points();
    }

    /** The latest record: the metrics the page shows. */
    synchronized LossHistory.Point last() {
        return history.last();
    }

    /** When the tab was last heard from and its event streams. */
    TabPresence tab() {
        return tab;
    }

    /**
     * Applies a new configuration: data or architecture changes restart training; a change of how a
     * batch updates the weights (optimizer, rate, penalty, batch, loss) starts a new run (fresh
     * optimizer slots) on the current weights; the rest (speed, patience, plane axes) keeps the run.
     */
    synchronized void configure(PlaygroundConfig next) {
        PlaygroundConfig old = config;
        config = next;
        try {
            if (next.needsReset(old) || (next.isCsv() && csvChanged)) {
                rebuild(true);
                csvChanged = false;
            } else {
                if (next.planeX() != old.planeX() || next.planeY() != old.planeY()) {
                    // the plane's axes only change the picture: same rows, same split, same network
                    data = PlaygroundData.build(next, csv);
                    dataVersion++;
                }
                if (SessionSetup.trainingChanged(old, next)) {
                    rebuild(false);
                }
            }
        } catch (RuntimeException e) {
            config = old;
            rebuild(true);
            throw e;
        }
        if (next.earlyStopping() != old.earlyStopping()) {
            best.rearm();
        }
        status = "";
        version++;
    }

    /**
     * Stores an uploaded CSV file; it is used from the next configuration with {@code dataset: "csv"}
     * (the page sends one right after the upload).
     */
    synchronized void upload(CsvData file) {
        this.csv = file;
        this.csvChanged = true;
    }

    /** Builds data, network, optimizer and loss from {@link #config}; with {@code reset}, fresh data and weights. */
    private void rebuild(boolean reset) {
        if (reset || data == null) {
            PlaygroundData d = PlaygroundData.build(config, csv);
            Network n = SessionSetup.network(config, d);
            data = d;
            network = n;
            epoch = 0;
            history.clear();
            stepping = false;
            playing = false;
            trained = false;
            best.reset();
            replay.clear();
            dataVersion++;
        }
        loss = SessionSetup.loss(config, data, network);
        optimizer = SessionSetup.optimizer(config);
        trainingRun = null;
        if (history.isEmpty()) {
            record();
        }
    }

    /**
     * The shared step-wise loop ({@link TrainingRun}, as {@code ./myelin train} runs it) over the
     * training set from the current epoch: batch size, seed (the epochs' shuffles) and optimizer of the
     * configuration. A new run (fresh optimizer slots) starts after a rebuild, a change of a training
     * setting or early stopping's rollback; edits of single weights and teaching steps keep it.
     */
    private TrainingRun run() {
        if (trainingRun == null) {
            if (trained) {
                replay.add("the optimizer started afresh at epoch " + epoch
                        + " (a changed training setting or early stopping's restore); the command runs one optimizer throughout");
            }
            Training t = Training.of(loss, optimizer).epochs(Integer.MAX_VALUE).batchSize(config.batch())
                    .seed(config.initSeed()).startEpoch(epoch).accuracy(false);
            trainingRun = new Trainer(network, t).start(data.train);
        }
        return trainingRun;
    }

    /**
     * The optimizer state of the current run (created if there is none), which the teaching mode's
     * steps advance: its step count t and slots (Adam's m and v) carry from one step to the next and
     * on into training, until a new run starts.
     */
    synchronized OptimizerState optimizerState() {
        return run().optimizerState();
    }

    /** The teaching mode changed the weights through {@link #optimizerState}: show their metrics. */
    synchronized void taughtStep() {
        trained = true;
        replay.add("teaching steps were applied to the weights");
        history.replaceLast(measure());
        version++;
    }

    /** What the exported command cannot replay of this session's weights ({@link ReplayLog}); empty if nothing. */
    synchronized List<String> unreplayable() {
        return replay.reasons(trainingRun, epoch);
    }

    /**
     * play, pause, step (one epoch; call {@link #stepEpoch} on the training pool instead), reset (new
     * weights from a newly drawn seed, epoch 0).
     */
    synchronized void control(String action) {
        switch (action) {
            case "play" -> {
                playing = true;
                status = "";
            }
            case "pause" -> playing = false;
            case "reset" -> {
                config = config.withInitSeed(SEEDS.nextLong(1, 1_000_000));
                rebuild(true);
                status = "";
            }
            default -> throw HttpError.badRequest("unknown action \"" + action + "\": expected play, pause, step or reset");
        }
        version++;
    }

    /**
     * Trains while playing, one batch per turn of the lock, until {@code maxEpochs} epochs have
     * closed or the clock passes {@code deadlineNanos} (checked after every batch, so a Pause or an
     * edit waits at most one batch). Returns the epochs closed.
     */
    int train(int maxEpochs, long deadlineNanos) {
        int closed = 0;
        try {
            while (closed < maxEpochs && System.nanoTime() < deadlineNanos) {
                synchronized (this) {
                    if (!playing) {
                        break;
                    }
                    closed += trainBatch() ? 1 : 0;
                }
            }
        } finally {
            synchronized (this) {
                version++;
            }
        }
        return closed;
    }

    /** Pauses and trains to the end of the current epoch (the Step button), releasing the lock between batches. */
    void stepEpoch() {
        synchronized (this) {
            playing = false;
            stepping = true;
        }
        try {
            while (true) {
                synchronized (this) {
                    if (!stepping || trainBatch()) {
                        break;
                    }
                }
            }
        } finally {
            synchronized (this) {
                stepping = false;
                version++;
            }
        }
    }

    /** One batch: the shared loop's step; at the epoch's end the record, divergence and early stopping. */
    private boolean trainBatch() {
        TrainingRun.Step step;
        try {
            step = run().step();
            trained = true;
        } catch (TrainingDivergedException e) {
            trainingRun = null;
            diverged(epoch + 1);
            return true;
        }
        if (step.epochLogs() == null) {
            return false;
        }
        epoch = step.epoch() + 1;
        LossHistory.Point p = record();
        if (!Double.isFinite(p.trainLoss()) || !Double.isFinite(p.testLoss())) {
            diverged(epoch);
            return true;
        }
        if (best.shouldStop(epoch, p.testLoss(), network, config.earlyStopping())) {
            int stoppedAt = epoch;
            best.restoreInto(network);
            // roll back to the best epoch: its weights, epoch and metrics are what the page shows
            epoch = best.epoch();
            history.truncateAfter(epoch, measure());
            trainingRun = null;
            playing = false;
            stepping = false;
            status = String.format(Locale.ROOT, "Early stopping at epoch %d: the test loss has not improved for %d "
                    + "epochs; restored the weights of epoch %d (test loss %s). Play trains on from there without early stopping.",
                    stoppedAt, config.earlyStopping(), best.epoch(), String.format(Locale.ROOT, "%.4g", best.loss()));
        }
        return true;
    }

    private void diverged(int at) {
        playing = false;
        stepping = false;
        status = "Training diverged at epoch " + at + " (the loss is not a number): lower the learning rate and reset.";
    }

    private LossHistory.Point record() {
        LossHistory.Point p = measure();
        history.add(p);
        return p;
    }

    /** Measures the current weights; keeps the test set's confusion matrix for the frames. */
    private LossHistory.Point measure() {
        Measurement m = Measurement.of(network, data, loss, epoch);
        confusion = m.confusion();
        return m.point();
    }

    /** The test set's confusion matrix at the latest measurement (epoch end or edit); null for regression. */
    synchronized long[][] confusion() {
        return confusion;
    }

    /**
     * Sets one weight by hand: {@code layer} counts dense layers (0 = first hidden), {@code from} is
     * the input unit, {@code to} the unit of {@code layer}; {@code from = -1} sets the bias.
     */
    synchronized void setWeight(int layer, int from, int to, double value) {
        List<Layer> dense = SessionSetup.denseLayers(network);
        if (layer < 0 || layer >= dense.size()) {
            throw HttpError.badRequest("layer " + layer + " does not exist: the network has " + dense.size() + " dense layers");
        }
        Layer d = dense.get(layer);
        if (to < 0 || to >= d.outputs() || from < -1 || from >= d.inputs()) {
            throw HttpError.badRequest("weight " + from + "→" + to + " does not exist in layer " + layer + " ("
                    + d.inputs() + " inputs, " + d.outputs() + " units)");
        }
        if (!Double.isFinite(value) || Math.abs(value) > 1e6) {
            throw HttpError.badRequest("a weight must be a finite number of magnitude at most 1e6, got " + value);
        }
        if (from == -1) {
            d.parameters().get(1).value().set(0, to, value);
        } else {
            d.parameters().get(0).value().set(from, to, value);
        }
        replay.add("weights were edited by hand");
        history.replaceLast(measure());
        version++;
    }
}
