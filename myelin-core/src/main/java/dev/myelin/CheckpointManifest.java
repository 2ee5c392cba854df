package dev.myelin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.io.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated fields of a checkpoint's manifest.json (see {@link Checkpoint}): read strictly, every
 * problem a {@link ModelFormatException} naming the manifest.
 */
record CheckpointManifest(int epochsDone, String optimizer, long steps, long[] rngStates, List<Map<String, Double>> history,
        Map<String, String> trainingConfig) {

    private static final Set<String> KEYS = Set.of("format", "version", "epochsDone", "optimizer", "steps", "rngStates",
            "files", "history", "trainingConfig", Checkpoint.CHECKSUM);

    static CheckpointManifest parse(JsonNode m, Path file) {
        if (m == null || !m.isObject()) {
            throw new ModelFormatException(file, "the manifest is not a JSON object");
        }
        for (String k : (Iterable<String>) m::fieldNames) {
            if (!KEYS.contains(k)) {
                throw new ModelFormatException(file, "the manifest has an unknown key " + k);
            }
        }
        if (!Checkpoint.FORMAT.equals(m.path("format").asText()) || m.path("version").asInt(-1) != Checkpoint.VERSION) {
            throw new ModelFormatException(file, "expected format \"" + Checkpoint.FORMAT + "\" version " + Checkpoint.VERSION + ", found "
                    + m.path("format") + " version " + m.path("version"));
        }
        JsonNode epochs = m.path("epochsDone");
        JsonNode steps = m.path("steps");
        if (!epochs.isInt() || epochs.asInt() < 0 || !steps.isIntegralNumber() || !steps.canConvertToLong() || steps.asLong() < 0) {
            throw new ModelFormatException(file, "epochsDone and steps must be whole numbers ≥ 0, found " + epochs + " and " + steps);
        }
        if (!m.path("optimizer").isTextual() || !m.path("files").isObject()) {
            throw new ModelFormatException(file, "the manifest needs an optimizer name and a files object");
        }
        JsonNode rng = m.path("rngStates");
        if (!rng.isArray()) {
            throw new ModelFormatException(file, "rngStates must be an array of whole numbers written as strings");
        }
        long[] states = new long[rng.size()];
        for (int i = 0; i < states.length; i++) {
            try {
                states[i] = Long.parseLong(rng.get(i).asText());
            } catch (NumberFormatException e) {
                throw new ModelFormatException(file, "rngStates[" + i + "] is not a whole number: " + rng.get(i));
            }
        }
        JsonNode h = m.path("history");
        if (!h.isArray()) {
            throw new ModelFormatException(file, "history must be an array of objects");
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            if (!h.get(i).isObject()) {
                throw new ModelFormatException(file, "history[" + i + "] is not an object");
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : h.get(i).properties()) {
                row.put(e.getKey(), number(e.getValue(), file, "history[" + i + "]." + e.getKey()));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        JsonNode cfg = m.path("trainingConfig");
        if (!cfg.isObject()) {
            throw new ModelFormatException(file, "trainingConfig must be an object of strings");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : cfg.properties()) {
            if (!e.getValue().isTextual()) {
                throw new ModelFormatException(file, "trainingConfig." + e.getKey() + " is not a string");
            }
            config.put(e.getKey(), e.getValue().asText());
        }
        return new CheckpointManifest(epochs.asInt(), m.get("optimizer").asText(), steps.asLong(), states, List.copyOf(rows),
                Collections.unmodifiableMap(config));
    }

    private static double number(JsonNode v, Path file, String path) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        switch (v.asText()) {
            case "NaN": return Double.NaN;
            case "Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": return Double.NEGATIVE_INFINITY;
            default: throw new ModelFormatException(file, path + " is not a number: " + v);
        }
    }
}
