package dev.myelin.train;

import java.util.Map;

/**
 * Callbacks from the training loop (Keras's {@code Callback}): policy over logged metrics, such as
 * {@link EarlyStopping}, progress bars or checkpoints. Every method does nothing by default.
 */
public interface TrainingListener {

    default void onTrainBegin(TrainingState state) {}

    default void onEpochBegin(TrainingState state, int epoch) {}

    /** After each batch's update; {@code loss} is that batch's loss. */
    default void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {}

    /** After each epoch, with its logs ({@code loss}, {@code val_loss}, {@code accuracy}...). */
    default void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(TrainingState state, History history) {}
}
