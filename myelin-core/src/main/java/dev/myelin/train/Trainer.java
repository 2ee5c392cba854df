package dev.myelin.train;

import dev.myelin.nn.Sequential;
import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;

/**
 * Runs a {@link Training} on a network (a {@link Sequential}, such as a {@code dev.myelin.Network}):
 * {@link #fit} trains to the end, {@link #start} gives the same loop step by step as a {@link TrainingRun}
 * (see there for the loop itself: shuffle, batch, forward, loss, backward, optimizer step, evaluate, log).
 * Each fit starts fresh optimizer state from the training's optimizer configuration, keyed by parameter name.
 *
 * <p>Deterministic: the order of epoch e is drawn from a generator seeded with (seed, e), so a run
 * resumed at epoch e sees the same batches as an uninterrupted one.
 */
public final class Trainer {
    private final Sequential network;
    private final Training training;

    /** A trainer of {@code network} as {@code training} configures. */
    public Trainer(Sequential network, Training training) {
        this.network = network;
        this.training = training;
    }

    /** Trains on {@code data} to the end; returns the per-epoch history. */
    public History fit(Dataset data) {
        return fit(data, training.optimizer().start(network));
    }

    /** Trains to the end from the given optimizer state (e.g. a checkpoint's); see {@link #start(Dataset, OptimizerState)}. */
    public History fit(Dataset data, OptimizerState optimizerState) {
        TrainingRun run = start(data, optimizerState);
        while (!run.finished()) {
            run.advance();
        }
        return run.finish();
    }

    /**
     * Starts a fit on {@code data} with fresh optimizer state: checks shapes, holds out the validation
     * split, calls the listeners' {@code onTrainBegin}; then call {@link TrainingRun#step()}.
     */
    public TrainingRun start(Dataset data) {
        return start(data, training.optimizer().start(network));
    }

    /**
     * Starts (or resumes) a fit with the given optimizer state, e.g. restored from a checkpoint; it
     * must update this trainer's network's parameters.
     */
    public TrainingRun start(Dataset data, OptimizerState optimizerState) {
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
        if (!optimizerState.updates(network.parameters())) {
            throw new IllegalArgumentException("the optimizer state belongs to another network: start it from this one "
                    + "(optimizer.start(network))");
        }
        Dataset train = data;
        Dataset validation = training.validation();
        if (validation == null && training.validationSplit() > 0) {
            Dataset[] parts = data.split(training.validationSplit(), training.seed());
            train = parts[0];
            validation = parts[1];
        }
        return new TrainingRun(network, training, train, validation, optimizerState);
    }

    /** Loss and accuracy of the network on a data set, in inference mode. */
    public Evaluation evaluate(Dataset data) {
        return evaluate(network, data, training.loss());
    }

    /** Loss and (for classification targets) accuracy, in inference mode, in chunks of 1,024. */
    public static Evaluation evaluate(Sequential network, Dataset data, Loss loss) {
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
            correct += TrainingRun.countCorrect(network.outputLayer().lastOutput(), yb);
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n);
    }

    /**
     * A loss and an accuracy (the accuracy is meaningful for classification targets only).
     *
     * @param loss the mean loss over the examples
     * @param accuracy the fraction of examples whose arg-max output matches the target's
     */
    public record Evaluation(double loss, double accuracy) {}
}
