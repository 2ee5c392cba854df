package dev.myelin.train;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.data.Labels;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Matrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop (notes 002, "Batch gradient descent"): for each epoch, shuffle; for each batch
 * of B examples, forward pass, loss, backward pass (∂E/∂W averaged over the batch), optimizer step;
 * then evaluate and log. The last partial batch is kept. The logged training loss and accuracy are
 * running means over the epoch's batches, measured before each batch's update (as Keras does), so
 * they cost no extra pass over the data.
 *
 * <p>Deterministic: the order of epoch e is drawn from a generator seeded with (seed, e), so a run
 * resumed at epoch e sees the same batches as an uninterrupted one. Batches are gathered into
 * workspaces sized once, in the network's precision.
 */
public final class Trainer {
    private static final long SHUFFLE_STREAM = 0x5EED5EEDL;

    private final Network network;
    private final Training training;

    public Trainer(Network network, Training training) {
        this.network = network;
        this.training = training;
    }

    public History fit(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (data.features() != network.inputs()) {
            throw new IllegalArgumentException("the data has " + data.features() + " features per example but the network expects "
                    + network.inputs());
        }
        if (data.outputs() != network.outputs()) {
            throw new IllegalArgumentException("the data has " + data.outputs() + " target values per example but the network gives "
                    + network.outputs());
        }
        Dataset train = data;
        Dataset validation = training.validation();
        if (validation == null && training.validationSplit() > 0) {
            Dataset[] parts = data.split(training.validationSplit(), training.seed());
            train = parts[0];
            validation = parts[1];
        }
        Loss loss = training.loss();
        Optimizer optimizer = training.optimizer();
        int n = train.size();
        int batch = Math.min(training.batchSize(), n);
        int batches = (n + batch - 1) / batch;
        TrainingState state = new TrainingState(network, optimizer, training.epochs(), batches);
        List<TrainingListener> listeners = training.listeners();
        History history = new History();
        Matrix xb = Matrix.zeros(batch, train.features(), network.precision());
        Matrix yb = Matrix.zeros(batch, train.outputs(), network.precision());
        int[] order = new int[n];
        boolean accuracy = training.logsAccuracy();

        listeners.forEach(l -> l.onTrainBegin(state));
        for (int epoch = training.startEpoch(); epoch < training.epochs() && !state.stopRequested(); epoch++) {
            optimizer.setEpoch(epoch);
            for (TrainingListener l : listeners) {
                l.onEpochBegin(state, epoch);
            }
            epochOrder(order, epoch);
            double lossSum = 0;
            long correct = 0;
            int seen = 0; // examples of this epoch trained on: a listener may stop mid-epoch
            for (int b = 0; b < batches && !state.stopRequested(); b++) {
                int from = b * batch;
                int size = Math.min(batch, n - from);
                xb.setRows(size);
                yb.setRows(size);
                for (int r = 0; r < size; r++) {
                    xb.copyRow(train.x(), order[from + r], r);
                    yb.copyRow(train.y(), order[from + r], r);
                }
                double batchLoss = network.computeGradients(xb, yb, loss);
                if (!Double.isFinite(batchLoss)) {
                    throw new TrainingDivergedException(epoch, b, "the loss is " + batchLoss + FiniteCheck.where(network));
                }
                if (accuracy) {
                    correct += countCorrect(network.outputLayer().lastOutput(), yb);
                }
                optimizer.step(network.parameters());
                lossSum += batchLoss * size;
                seen += size;
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(state, epoch, b, size, batchLoss);
                }
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            if (accuracy) {
                logs.put("accuracy", (double) correct / seen);
            }
            if (validation != null) {
                Evaluation v = evaluate(validation);
                logs.put("val_loss", v.loss());
                if (training.logsAccuracy()) {
                    logs.put("val_accuracy", v.accuracy());
                }
            }
            logs.put("lr", optimizer.learningRate());
            history.add(logs);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(state, epoch, logs);
            }
            if (!Double.isNaN(training.lossThreshold()) && logs.get("loss") < training.lossThreshold()) {
                state.stop(String.format("the training loss %.6g fell below the threshold %.6g", logs.get("loss"),
                        training.lossThreshold()));
            }
        }
        if (state.stopRequested()) {
            history.setStopReason(state.stopReason());
        }
        listeners.forEach(l -> l.onTrainEnd(state, history));
        return history;
    }

    /** How many rows of {@code outputs} pick the class of the same row of {@code targets}. */
    private static long countCorrect(Matrix outputs, Matrix targets) {
        long correct = 0;
        for (int r = 0; r < targets.rows(); r++) {
            if (Labels.classOf(outputs, r) == Labels.classOf(targets, r)) {
                correct++;
            }
        }
        return correct;
    }

    /** The example order of {@code epoch}: 0..n−1 shuffled by a generator seeded with (seed, epoch). */
    private void epochOrder(int[] order, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (training.shuffle()) {
            new Rng(Rng.derive(training.seed() ^ SHUFFLE_STREAM, epoch)).shuffle(order);
        }
    }

    /** Loss and accuracy of the network on a data set, in inference mode. */
    public Evaluation evaluate(Dataset data) {
        return evaluate(network, data, training.loss());
    }

    /** Loss and (for classification targets) accuracy, in inference mode, in chunks of 1,024. */
    public static Evaluation evaluate(Network network, Dataset data, Loss loss) {
        int n = data.size();
        int chunk = Math.min(1024, Math.max(1, n));
        Matrix xb = Matrix.zeros(chunk, data.features(), network.precision());
        Matrix yb = Matrix.zeros(chunk, data.outputs(), network.precision());
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += chunk) {
            int size = Math.min(chunk, n - from);
            xb.setRows(size);
            yb.setRows(size);
            for (int r = 0; r < size; r++) {
                xb.copyRow(data.x(), from + r, r);
                yb.copyRow(data.y(), from + r, r);
            }
            lossSum += network.loss(xb, yb, loss) * size;
            correct += countCorrect(network.outputLayer().lastOutput(), yb);
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n);
    }

    /** A loss and an accuracy (the accuracy is meaningful for classification targets only). */
    public record Evaluation(double loss, double accuracy) {}
}
