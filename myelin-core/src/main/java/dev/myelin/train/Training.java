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
    private GradientAggregator aggregator;

    private Training(Loss loss, Optimizer optimizer) {
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * Training with {@code loss} and {@code optimizer}; defaults: 10 epochs, batch size 32, shuffled
     * every epoch with seed 42, no validation, no loss threshold, accuracy logged for cross-entropy losses.
     */
    public static Training of(Loss loss, Optimizer optimizer) {
        return new Training(loss, optimizer);
    }

    /** The number of epochs (default 10). */
    public Training epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Examples per gradient step (default 32); the last batch of an epoch may be smaller. */
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

    /** Adds a callback (progress, checkpoints, diagnostics...). */
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

    /**
     * Makes every step data-parallel: after each batch's gradients, {@code aggregator} replaces them
     * by the global batch's (see {@link GradientAggregator}). Default: none (one machine).
     */
    public Training gradientAggregator(GradientAggregator aggregator) {
        this.aggregator = aggregator;
        return this;
    }

    /** The data-parallel aggregator, or null. */
    public GradientAggregator gradientAggregator() {
        return aggregator;
    }

    /** The loss E minimized. */
    public Loss loss() {
        return loss;
    }

    /** The optimizer's configuration; each fit starts its own state from it. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Examples per step. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether each epoch reshuffles. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The seed of shuffling and of the validation split. */
    public long seed() {
        return seed;
    }

    /** The validation set, or null. */
    public Dataset validation() {
        return validation;
    }

    /** The fraction held out for validation (0: none). */
    public double validationSplit() {
        return validationSplit;
    }

    /** The training-loss threshold that stops training, or NaN. */
    public double lossThreshold() {
        return lossThreshold;
    }

    /** The callbacks, in the order added. */
    public List<TrainingListener> listeners() {
        return List.copyOf(listeners);
    }

    /** The first epoch to run (0 unless resuming). */
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
