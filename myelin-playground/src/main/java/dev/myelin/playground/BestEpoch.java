package dev.myelin.playground;

import dev.myelin.Network;

/**
 * Early stopping's bookkeeping over one run: the epoch with the lowest test loss so far and a copy
 * of its weights. The policy: an epoch is better if its test loss is below the best by more than
 * 1e-6; after {@code patience} epochs without a better one, training stops and the best weights
 * come back. It acts once per run: after a restore it stays off until the network is rebuilt or the
 * patience changes, so a later Play trains on instead of reverting again.
 */
final class BestEpoch {
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private Network bestNetwork;
    private boolean done;

    /** Forgets the best epoch (a rebuilt network); early stopping may act again. */
    void reset() {
        bestLoss = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        bestNetwork = null;
        done = false;
    }

    /** Lets early stopping act again in this run (the patience was changed). */
    void rearm() {
        done = false;
    }

    /**
     * Records the end of {@code epoch} with its test loss; returns true if training must stop now
     * (then {@link #restoreInto} puts the best weights back).
     */
    boolean shouldStop(int epoch, double testLoss, Network network, int patience) {
        if (patience <= 0 || done) {
            return false;
        }
        if (testLoss < bestLoss - 1e-6) {
            bestLoss = testLoss;
            bestEpoch = epoch;
            bestNetwork = network.copy();
            return false;
        }
        return epoch - bestEpoch >= patience;
    }

    /** Copies the best epoch's weights into {@code network}; early stopping is done for this run. */
    void restoreInto(Network network) {
        if (bestNetwork != null) {
            network.copyParametersFrom(bestNetwork);
        }
        done = true;
    }

    int epoch() {
        return bestEpoch;
    }

    double loss() {
        return bestLoss;
    }
}
