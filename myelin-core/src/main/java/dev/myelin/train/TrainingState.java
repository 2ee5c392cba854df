package dev.myelin.train;

import dev.myelin.nn.Sequential;
import dev.myelin.optim.OptimizerState;

/** What a {@link TrainingListener} may see and do during one fit. */
public final class TrainingState {
    private final Sequential network;
    private final OptimizerState optimizerState;
    private final int epochs;
    private final int batchesPerEpoch;
    private String stopReason;

    TrainingState(Sequential network, OptimizerState optimizerState, int epochs, int batchesPerEpoch) {
        this.network = network;
        this.optimizerState = optimizerState;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /**
     * The network being trained: the very object given to the {@link Trainer}, so a
     * {@code dev.myelin.Network} comes back as itself from {@code Network.of(state.network())}.
     */
    public Sequential network() {
        return network;
    }

    /** This fit's optimizer state (slots, step count, epoch), e.g. for checkpoints. */
    public OptimizerState optimizerState() {
        return optimizerState;
    }

    /** The planned number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Batches (steps) per epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Ends training after the current batch (or epoch, when called from {@code onEpochEnd}). */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Whether a listener (or the loss threshold) asked to stop. */
    public boolean stopRequested() {
        return stopReason != null;
    }

    /** Why training stops, or null. */
    public String stopReason() {
        return stopReason;
    }
}
