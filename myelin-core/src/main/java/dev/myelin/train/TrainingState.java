package dev.myelin.train;

import dev.myelin.Network;
import dev.myelin.optim.Optimizer;

/** What a {@link TrainingListener} may see and do during training. */
public final class TrainingState {
    private final Network network;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchesPerEpoch;
    private String stopReason;

    TrainingState(Network network, Optimizer optimizer, int epochs, int batchesPerEpoch) {
        this.network = network;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The planned number of epochs. */
    public int epochs() {
        return epochs;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Ends training after the current batch (or epoch, when called from {@code onEpochEnd}). */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }
}
