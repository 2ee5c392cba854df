package dev.myelin.train;

import dev.myelin.nn.Sequential;
import java.util.Map;

/**
 * Stops training when a monitored metric stops improving (notes 003: "termination criteria ... no
 * decrease in error; increased error on a validation set"; Keras's {@code EarlyStopping}).
 *
 * <p>An epoch improves if the metric beats the best so far by more than {@code minDelta} (lower is
 * better for losses and errors, higher for accuracy). After {@code patience} epochs without
 * improvement, training stops (as Keras counts: patience 0 and 1 both stop at the first epoch that
 * does not improve); with {@code restoreBestWeights} the network gets back the weights of
 * its best epoch.
 */
public final class EarlyStopping implements TrainingListener {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private final boolean higherIsBetter;
    private double best;
    private int bestEpoch;
    private int wait;
    private Sequential bestWeights;

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("min delta must be ≥ 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
        this.higherIsBetter = monitor.contains("accuracy") || monitor.endsWith("r2") || monitor.contains("f1");
    }

    /** Watches {@code val_loss} with the given patience, restoring the best weights. */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping("val_loss", patience, 0, true);
    }

    public String monitor() {
        return monitor;
    }

    /** Epochs without improvement tolerated. */
    public int patience() {
        return patience;
    }

    /** The smallest change that counts as an improvement. */
    public double minDelta() {
        return minDelta;
    }

    /** Whether the network gets back its best epoch's weights at the end. */
    public boolean restoresBestWeights() {
        return restoreBestWeights;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("early stopping watches '" + monitor + "', which training does not log; it logs "
                    + logs.keySet());
        }
        boolean improved = higherIsBetter ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                if (bestWeights == null) {
                    bestWeights = state.network().copy();
                } else {
                    bestWeights.copyParametersFrom(state.network());
                }
            }
        } else if (++wait >= patience) {
            state.stop(String.format("early stopping: %s did not improve for %d epochs (best %.6g at epoch %d)",
                    monitor, wait, best, bestEpoch + 1));
        }
    }

    @Override
    public void onTrainEnd(TrainingState state, History history) {
        if (restoreBestWeights && bestWeights != null) {
            state.network().copyParametersFrom(bestWeights);
        }
    }
}
