package dev.myelin.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What happened in each epoch: the logged metrics ({@code loss}, {@code accuracy}, {@code val_loss},
 * {@code val_accuracy}, ...) and, if training stopped early, why.
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private String stopReason = "";

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    void setStopReason(String reason) {
        this.stopReason = reason;
    }

    /** The number of epochs run. */
    public int epochs() {
        return epochs.size();
    }

    /** The logs of epoch {@code e} (0-based). */
    public Map<String, Double> epoch(int e) {
        return epochs.get(e);
    }

    /** The series of one metric over the epochs (NaN where an epoch did not log it). */
    public double[] series(String metric) {
        return epochs.stream().mapToDouble(m -> m.getOrDefault(metric, Double.NaN)).toArray();
    }

    /** The value of {@code metric} in the last epoch. */
    public OptionalDouble last(String metric) {
        if (epochs.isEmpty() || !epochs.get(epochs.size() - 1).containsKey(metric)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(epochs.get(epochs.size() - 1).get(metric));
    }

    /** Every metric name logged, in first-seen order. */
    public List<String> metrics() {
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        for (Map<String, Double> e : epochs) {
            e.keySet().forEach(k -> names.put(k, true));
        }
        return List.copyOf(names.keySet());
    }

    /** Why training ended before its last epoch, or "" if it ran them all. */
    public String stopReason() {
        return stopReason;
    }

    @Override
    public String toString() {
        return "History(" + epochs.size() + " epochs" + (stopReason.isEmpty() ? "" : ", " + stopReason) + ")";
    }
}
