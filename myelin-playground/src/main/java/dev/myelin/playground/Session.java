package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.data.Labels;
import dev.myelin.init.Rng;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

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
    /** One epoch's record: losses and, for classification, accuracies (NaN otherwise). */
    record Point(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy) {}

    final String id;
    private PlaygroundConfig config;
    private CsvData csv;
    private boolean csvChanged;
    private PlaygroundData data;
    private Network network;
    private Optimizer optimizer;
    private OptimizerState optimizerState;
    private Loss loss;
    private int epoch;
    private final List<Point> history = new ArrayList<>();
    private boolean playing;
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

    synchronized PlaygroundConfig config() {
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

    synchronized int epoch() {
        return epoch;
    }

    synchronized boolean playing() {
        return playing;
    }

    synchronized String status() {
        return status;
    }

    synchronized int version() {
        return version;
    }

    synchronized int dataVersion() {
        return dataVersion;
    }

    synchronized List<Point> history() {
        return List.copyOf(history);
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
                rebuild(false);
            }
        } catch (RuntimeException e) {
            config = old;
            rebuild(true);
            throw e;
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
            playing = false;
            bestNetwork = null;
            bestTestLoss = Double.POSITIVE_INFINITY;
            bestEpoch = 0;
            dataVersion++;
        }
        loss = lossFor(config, data, network);
        optimizer = Optimizers.create(config.optimizer(), config.learningRate());
        if (config.regularization().equals("l1")) {
            optimizer.l1(config.regularizationRate());
        } else if (config.regularization().equals("l2")) {
            optimizer.l2(config.regularizationRate());
        }
        optimizerState = optimizer.start(network);
        if (history.isEmpty()) {
            record();
        }
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

    /** play, pause, step (one epoch), reset (new weights), regenerate (new data seed is set by the page). */
    synchronized void control(String action) {
        switch (action) {
            case "play" -> {
                playing = true;
                status = "";
            }
            case "pause" -> playing = false;
            case "step" -> {
                playing = false;
                trainEpochs(1);
            }
            case "reset" -> {
                rebuild(true);
                status = "";
            }
            default -> throw HttpError.badRequest("unknown action \"" + action + "\": expected play, pause, step or reset");
        }
        version++;
    }

    /** Runs {@code count} epochs (stopping early on divergence or early stopping); returns the epochs run. */
    synchronized int trainEpochs(int count) {
        int done = 0;
        for (; done < count; done++) {
            if (!trainOneEpoch()) {
                done++;
                break;
            }
        }
        version++;
        return done;
    }

    private boolean trainOneEpoch() {
        Matrix x = data.train.x(), y = data.train.y();
        int n = x.rows();
        int b = Math.min(config.batch(), n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Rng(Rng.derive(config.initSeed(), epoch)).shuffle(order);
        Matrix bx = Matrix.zeros(b, x.cols(), Precision.FLOAT64);
        Matrix by = Matrix.zeros(b, y.cols(), Precision.FLOAT64);
        optimizerState.setEpoch(epoch);
        for (int start = 0; start < n; start += b) {
            int rows = Math.min(b, n - start);
            bx.setRows(rows);
            by.setRows(rows);
            for (int r = 0; r < rows; r++) {
                bx.copyRow(x, order[start + r], r);
                by.copyRow(y, order[start + r], r);
            }
            network.computeGradients(bx, by, loss);
            optimizerState.step();
        }
        epoch++;
        Point p = record();
        if (!Double.isFinite(p.trainLoss()) || !Double.isFinite(p.testLoss())) {
            playing = false;
            status = "Training diverged at epoch " + epoch + " (the loss is not a number): lower the learning rate and reset.";
            return false;
        }
        if (config.earlyStopping() > 0) {
            if (p.testLoss() < bestTestLoss - 1e-6) {
                bestTestLoss = p.testLoss();
                bestEpoch = epoch;
                bestNetwork = network.copy();
            } else if (epoch - bestEpoch >= config.earlyStopping()) {
                if (bestNetwork != null) {
                    network.copyParametersFrom(bestNetwork);
                }
                playing = false;
                status = String.format("Early stopping at epoch %d: the test loss has not improved for %d epochs; "
                        + "restored the weights of epoch %d (test loss %.4f).", epoch, config.earlyStopping(), bestEpoch,
                        bestTestLoss);
                return false;
            }
        }
        return true;
    }

    private Point record() {
        double trainLoss = network.loss(data.train.x(), data.train.y(), loss);
        double testLoss = network.loss(data.test.x(), data.test.y(), loss);
        double trainAcc = Double.NaN, testAcc = Double.NaN;
        if (!data.regression) {
            trainAcc = accuracy(data.train.x(), data.train.y());
            testAcc = accuracy(data.test.x(), data.test.y());
        }
        Point p = new Point(epoch, trainLoss, testLoss, trainAcc, testAcc);
        history.add(p);
        return p;
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
        history.set(history.size() - 1, recordless());
        version++;
    }

    /** The last history point recomputed after a hand edit (same epoch). */
    private Point recordless() {
        Point p = record();
        history.remove(history.size() - 1);
        return p;
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
