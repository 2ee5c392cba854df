package dev.myelin.cli.train;

import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.Network;
import dev.myelin.io.ModelInfo;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a {@link Checkpoint} after every epoch: the model, the optimizer's state, the epochs done,
 * the history so far (of earlier runs too, when resumed) and the run's settings, so that
 * {@code train --resume DIR} continues exactly where this run stopped.
 */
public final class CheckpointWriter implements TrainingListener {
    private final Path dir;
    private final ModelInfo info;
    private final Map<String, String> config;
    private final List<Map<String, Double>> rows;

    /**
     * @param earlier the history rows of the epochs done before this run (empty for a fresh run)
     */
    public CheckpointWriter(Path dir, ModelInfo info, Map<String, String> config, List<Map<String, Double>> earlier) {
        this.dir = dir;
        this.info = info;
        this.config = new LinkedHashMap<>(config);
        this.rows = new ArrayList<>(earlier);
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        rows.add(new LinkedHashMap<>(logs));
        try {
            Checkpoint.save(dir, new Model(Network.of(state.network()), info), state.optimizerState(), epoch + 1, rows, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
