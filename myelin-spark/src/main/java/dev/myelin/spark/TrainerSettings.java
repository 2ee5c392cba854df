package dev.myelin.spark;

import java.io.Serializable;

/**
 * What the barrier tasks need to train, read from the estimator's params on the driver.
 *
 * @param loss the loss's name (e.g. "categorical_cross_entropy", "mse")
 * @param batchSize examples per global batch; each of P tasks trains ⌈batchSize / P⌉ of them per step
 * @param numTasks barrier tasks (0: the input's partitions)
 * @param checkpointDir where each epoch's checkpoint goes ("" for none)
 */
record TrainerSettings(String loss, String optimizer, double learningRate, double l2, int batchSize, int epochs, long seed,
        int numTasks, String checkpointDir) implements Serializable {
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
        if (numTasks < 0) {
            throw new IllegalArgumentException("numTasks must be ≥ 0, got " + numTasks);
        }
    }
}
