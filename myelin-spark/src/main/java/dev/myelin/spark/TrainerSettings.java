package dev.myelin.spark;

import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import dev.myelin.train.EarlyStopping;
import java.io.Serializable;

/**
 * What the barrier tasks need to train, read from the estimator's params on the driver.
 *
 * @param rates the learning rate of each epoch when it follows a schedule (computed on the driver), or null
 * @param loss the loss's name (e.g. "categorical_cross_entropy", "mse")
 * @param batchSize examples per global batch; each of P tasks trains ⌈batchSize / P⌉ of them per step
 * @param numTasks barrier tasks (0: the input's partitions)
 * @param checkpointDir where each epoch's checkpoint goes ("" for none)
 * @param validationSplit the fraction of each task's rows held out for validation (0: none)
 * @param earlyStopping when to stop early, or null
 */
record TrainerSettings(String loss, String optimizer, double learningRate, double l1, double l2, double clipNorm, double[] rates,
        int batchSize, int epochs, long seed, int numTasks, String checkpointDir, double validationSplit, Stopping earlyStopping)
        implements Serializable {

    /** Early stopping's configuration (the core's {@code EarlyStopping}, rebuilt on each task). */
    record Stopping(String monitor, int patience, double minDelta, boolean restoreBest) implements Serializable {
        EarlyStopping listener() {
            return new EarlyStopping(monitor, patience, minDelta, restoreBest);
        }
    }

    /** The common case: no L1 penalty, no clipping, a constant learning rate, no validation. */
    TrainerSettings(String loss, String optimizer, double learningRate, double l2, int batchSize, int epochs, long seed, int numTasks,
            String checkpointDir) {
        this(loss, optimizer, learningRate, 0, l2, 0, null, batchSize, epochs, seed, numTasks, checkpointDir, 0, null);
    }

    /** The same settings with a validation split and early stopping (null: none). */
    TrainerSettings withValidation(double split, Stopping stopping) {
        return new TrainerSettings(loss, optimizer, learningRate, l1, l2, clipNorm, rates, batchSize, epochs, seed, numTasks, checkpointDir,
                split, stopping);
    }

    /** The optimizer these settings describe (built on each executor: an optimizer is configuration, not data). */
    Optimizer newOptimizer() {
        Optimizer o = Optimizers.create(optimizer, learningRate);
        if (l1 > 0) {
            o.l1(l1);
        }
        if (l2 > 0) {
            o.l2(l2);
        }
        if (clipNorm > 0) {
            o.clipNorm(clipNorm);
        }
        if (rates != null) {
            double[] table = rates.clone();
            o.schedule((base, epoch) -> table[Math.min(epoch, table.length - 1)]);
        }
        return o;
    }

    TrainerSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
        }
        if (numTasks < 0) {
            throw new IllegalArgumentException("numTasks must be ≥ 0, got " + numTasks);
        }
    }
}
