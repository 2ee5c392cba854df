package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.data.Labels;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingDivergedException;
import dev.myelin.train.TrainingRun;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One browser tab's playground: its configuration, data, network, optimizer and training history.
 * Training runs only while the tab's event stream asks for frames and the session is playing; every
 * method is synchronized, so controls, edits and the training loop never interleave inside a batch.
 *
 * <p>An epoch is the playground's step: the training examples in an order shuffled by
 * (initSeed, epoch), cut into batches of {@code batch}; for each batch
 * θ ← optimizer(θ, ∂E/∂θ) with E the batch loss plus the L1/L2 penalty. After each epoch the
 * training and test loss (dropout off) are recorded.
 */
final class Session {
    private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();

    final String id;
    private volatile PlaygroundConfig config;
    private CsvData csv;
    private boolean csvChanged;
    private PlaygroundData data;
    private Network network;
    private Optimizer optimizer;
    private Loss loss;
    private volatile int epoch;
    private final LossHistory history = new LossHistory();
    private TrainingRun trainingRun;
    private boolean stepping;
    private boolean earlyStopped;
    private volatile boolean playing;
    private final java.util.concurrent.atomic.AtomicInteger pauses = new java.util.concurrent.atomic.AtomicInteger();
    private String status = "";
    private int version;
    private int dataVersion;
    private double bestTestLoss;
    private int bestEpoch;
    private Network bestNetwork;
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile int streams;
    private int streamGeneration;

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

    void touch() {
        lastSeen = System.currentTimeMillis();
    }

    long lastSeen() {
        return lastSeen;
    }

    boolean hasStream() {
        return streams > 0;
    }

    /** Registers a new event stream; older streams of this session stop at their next tick. */
    synchronized int openStream() {
        streams++;
        touch();
        return ++streamGeneration;
    }

    synchronized boolean isCurrentStream(int generation) {
        return generation == streamGeneration;
    }

    synchronized void closeStream() {
        streams--;
        touch();
    }

    /** Applies a new configuration; data or architecture changes restart training, others keep the weights. */
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
                rebuild(false);
            }
        } catch (RuntimeException e) {
            config = old;
            rebuild(true);
            throw e;
        }
        if (next.earlyStopping() != old.earlyStopping()) {
            earlyStopped = false;
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
            Network n = buildNetwork(config, d);
            data = d;
            network = n;
            epoch = 0;
            history.clear();
            stepping = false;
            earlyStopped = false;
            playing = false;
            bestNetwork = null;
            bestTestLoss = Double.POSITIVE_INFINITY;
            bestEpoch = 0;
            dataVersion++;
        }
        loss = lossFor(config, data, network);
        optimizer = newOptimizer();
        trainingRun = null;
        if (history.isEmpty()) {
            record();
        }
    }

    /** An optimizer of the configured kind, rate and penalty, with fresh slots. */
    private Optimizer newOptimizer() {
        Optimizer o = Optimizers.create(config.optimizer(), config.learningRate());
        if (config.regularization().equals("l1")) {
            o.l1(config.regularizationRate());
        } else if (config.regularization().equals("l2")) {
            o.l2(config.regularizationRate());
        }
        return o;
    }

    /** The teaching mode's optimizer: the configured kind, rate and penalty (each step starts its slots fresh, as explain does). */
    synchronized Optimizer teachingOptimizer() {
        return newOptimizer();
    }

    /** Takes the weights after a teaching step (same architecture) and shows their metrics. */
    synchronized void applyTaughtStep(Network updated) {
        network.copyParametersFrom(updated);
        history.replaceLast(measure());
        version++;
    }

    /**
     * The shared step-wise loop ({@link TrainingRun}, as {@code ./myelin train} runs it) over the
     * training set from the current epoch: batch size, seed (the epochs' shuffles) and optimizer of the
     * configuration. A new run (fresh optimizer slots) starts after a rebuild, a change of a training setting or
     * early stopping's rollback; edits of single weights keep it.
     */
    private TrainingRun run() {
        if (trainingRun == null) {
            Training t = Training.of(loss, optimizer).epochs(Integer.MAX_VALUE).batchSize(config.batch())
                    .seed(config.initSeed()).startEpoch(epoch).accuracy(false);
            trainingRun = new Trainer(network, t).start(data.train);
        }
        return trainingRun;
    }

    static Network buildNetwork(PlaygroundConfig c, PlaygroundData d) {
        NetworkBuilder b = Network.builder(d.inputNames.size());
        for (PlaygroundConfig.LayerSpec l : c.layers()) {
            b.dense(l.units(), Activation.byName(l.activation()));
            if (l.dropout() > 0) {
                b.dropout(l.dropout());
            }
        }
        b.dense(d.outputs(), Activation.byName(outputActivation(c, d)));
        return b.seed(c.initSeed()).precision(Precision.FLOAT64).build();
    }

    /** auto: identity for regression, sigmoid for two classes, softmax for more; else the choice, checked against the task. */
    static String outputActivation(PlaygroundConfig c, PlaygroundData d) {
        String a = c.outputActivation();
        if (a.equals("auto")) {
            return d.regression ? "identity" : d.outputs() == 1 ? "sigmoid" : "softmax";
        }
        if (d.regression && !(a.equals("identity") || a.equals("tanh") || a.equals("sigmoid"))) {
            throw HttpError.badRequest("a regression output takes identity, tanh or sigmoid, not " + a);
        }
        if (!d.regression && d.outputs() == 1 && !a.equals("sigmoid")) {
            throw HttpError.badRequest("a two-class output is one sigmoid unit; " + a + " does not fit");
        }
        if (!d.regression && d.outputs() > 1 && !(a.equals("softmax") || a.equals("sigmoid"))) {
            throw HttpError.badRequest("a " + d.outputs() + "-class output takes softmax or sigmoid, not " + a);
        }
        return a;
    }

    private static Loss lossFor(PlaygroundConfig c, PlaygroundData d, Network n) {
        String out = n.outputLayer().activation().name();
        String l = c.loss();
        if (l.equals("auto")) {
            l = d.regression ? "mse" : out.equals("softmax") ? "categorical_cross_entropy" : "binary_cross_entropy";
        }
        if (l.equals("binary_cross_entropy") && !out.equals("sigmoid")) {
            throw HttpError.badRequest("binary cross-entropy needs a sigmoid output, the output is " + out);
        }
        if (l.equals("categorical_cross_entropy") && !out.equals("softmax")) {
            throw HttpError.badRequest("categorical cross-entropy needs a softmax output, the output is " + out);
        }
        return Loss.byName(l);
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
        } catch (TrainingDivergedException e) {
            trainingRun = null;
            playing = false;
            stepping = false;
            status = "Training diverged at epoch " + (epoch + 1) + " (the loss is not a number): lower the learning rate "
                    + "and reset.";
            return true;
        }
        if (step.epochLogs() == null) {
            return false;
        }
        epoch = step.epoch() + 1;
        LossHistory.Point p = record();
        if (!Double.isFinite(p.trainLoss()) || !Double.isFinite(p.testLoss())) {
            playing = false;
            stepping = false;
            status = "Training diverged at epoch " + epoch + " (the loss is not a number): lower the learning rate and reset.";
            return true;
        }
        if (config.earlyStopping() > 0 && !earlyStopped) {
            if (p.testLoss() < bestTestLoss - 1e-6) {
                bestTestLoss = p.testLoss();
                bestEpoch = epoch;
                bestNetwork = network.copy();
            } else if (epoch - bestEpoch >= config.earlyStopping()) {
                int stoppedAt = epoch;
                if (bestNetwork != null) {
                    network.copyParametersFrom(bestNetwork);
                }
                // roll back to the best epoch: its weights, epoch and metrics are what the page shows; early
                // stopping has done its work for this run, so a later Play trains on instead of reverting
                epoch = bestEpoch;
                earlyStopped = true;
                history.truncateAfter(epoch, measure());
                trainingRun = null;
                playing = false;
                stepping = false;
                status = String.format(Locale.ROOT, "Early stopping at epoch %d: the test loss has not improved for %d "
                        + "epochs; restored the weights of epoch %d (test loss %s). Play trains on from there without early stopping.",
                        stoppedAt, config.earlyStopping(), bestEpoch, String.format(Locale.ROOT, "%.4g", bestTestLoss));
            }
        }
        return true;
    }

    private LossHistory.Point record() {
        LossHistory.Point p = measure();
        history.add(p);
        return p;
    }

    /** Losses (dropout off) and accuracies of the current weights on the training and test sets. */
    private LossHistory.Point measure() {
        double trainLoss = network.loss(data.train.x(), data.train.y(), loss);
        double testLoss = network.loss(data.test.x(), data.test.y(), loss);
        double trainAcc = Double.NaN, testAcc = Double.NaN;
        if (!data.regression) {
            trainAcc = accuracy(data.train.x(), data.train.y());
            testAcc = accuracy(data.test.x(), data.test.y());
        }
        return new LossHistory.Point(epoch, trainLoss, testLoss, trainAcc, testAcc);
    }

    private double accuracy(Matrix x, Matrix y) {
        int[] predicted = Labels.of(network.predict(x));
        int[] actual = Labels.of(y);
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            right += predicted[i] == actual[i] ? 1 : 0;
        }
        return actual.length == 0 ? Double.NaN : (double) right / actual.length;
    }

    /**
     * Sets one weight by hand: {@code layer} counts dense layers (0 = first hidden), {@code from} is
     * the input unit, {@code to} the unit of {@code layer}; {@code from = -1} sets the bias.
     */
    synchronized void setWeight(int layer, int from, int to, double value) {
        List<Layer> dense = denseLayers(network);
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
        history.replaceLast(measure());
        version++;
    }

    /** The layers with units the page draws: those with an activation and weight, bias parameters (dense). */
    static List<Layer> denseLayers(Network n) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : n.layers()) {
            if (l.activation() != null && l.parameters().size() == 2) {
                out.add(l);
            }
        }
        return out;
    }
}
