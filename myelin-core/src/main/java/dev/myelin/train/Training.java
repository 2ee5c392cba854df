package dev.myelin.train;

import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How to train: the loss, the optimizer and the loop's settings (Keras's {@code compile} + {@code fit}
 * arguments). A plain configuration object; {@link Trainer} runs it.
 * <pre>{@code
 * Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(500).batchSize(4)
 * }</pre>
 *
 * <p>Batch size 1 is stochastic gradient descent, a batch size ≥ the data set size is full-batch
 * gradient descent, anything between is mini-batch (notes 003). Termination criteria (notes 002):
 * the number of epochs; a loss threshold ({@link #stopWhenLossBelow}); no improvement or a rising
 * validation error ({@link #earlyStopping}).
 */
public final class Training {
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 10;
    private int batchSize = 32;
    private boolean shuffle = true;
    private long seed = 42;
    private Dataset validation;
    private double validationSplit;
    private double lossThreshold = Double.NaN;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Boolean accuracy;
    private int startEpoch;

    private Training(Loss loss, Optimizer optimizer) {
        this.loss = loss;
        this.optimizer = optimizer;
    }

    public static Training of(Loss loss, Optimizer optimizer) {
        return new Training(loss, optimizer);
    }

    public Training epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    public Training batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Whether to reshuffle the training examples every epoch (default true), with {@link #seed}. */
    public Training shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The seed of the shuffling and of the validation split (default 42). */
    public Training seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Held-out examples evaluated after every epoch ({@code val_loss}, {@code val_accuracy}). */
    public Training validation(Dataset validation) {
        this.validation = validation;
        return this;
    }

    /** Holds out this fraction of the training examples (after a seeded shuffle) for validation. */
    public Training validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Stops as soon as an epoch's training loss falls below {@code threshold}. */
    public Training stopWhenLossBelow(double threshold) {
        this.lossThreshold = threshold;
        return this;
    }

    /** Adds early stopping (a listener). */
    public Training earlyStopping(EarlyStopping earlyStopping) {
        return listener(earlyStopping);
    }

    public Training listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Whether to log accuracy (default: when the loss is a cross-entropy). */
    public Training accuracy(boolean accuracy) {
        this.accuracy = accuracy;
        return this;
    }

    /** Starts counting at this epoch (when resuming from a checkpoint): runs epochs startEpoch..epochs−1. */
    public Training startEpoch(int startEpoch) {
        this.startEpoch = startEpoch;
        return this;
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    public Dataset validation() {
        return validation;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public double lossThreshold() {
        return lossThreshold;
    }

    public List<TrainingListener> listeners() {
        return List.copyOf(listeners);
    }

    public int startEpoch() {
        return startEpoch;
    }

    /** True if accuracy is logged: as set, or by default for cross-entropy losses. */
    public boolean logsAccuracy() {
        if (accuracy != null) {
            return accuracy;
        }
        return loss == Loss.CATEGORICAL_CROSS_ENTROPY || loss == Loss.BINARY_CROSS_ENTROPY;
    }
}
