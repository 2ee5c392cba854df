package dev.myelin.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a data-parallel fit ends with: the trained model, the per-epoch global logs (loss, accuracy,
 * lr; the epochs of a resumed checkpoint included) and the epoch the last attempt started from
 * (0, or the checkpoint's epoch after a failure), and where task 0's time went: seconds per phase
 * ({@link PhaseClock}), for profiling and the benchmark, and why it stopped early ("" if it did not).
 */
record TaskResult(Model model, List<Map<String, Double>> history, int startedAtEpoch, Map<String, Double> seconds, String stopReason) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How task 0 sends it to the driver: the model as safetensors bytes, the history as JSON. */
    record Bytes(byte[] model, String historyJson, int startedAtEpoch, String secondsJson, String stopReason) implements Serializable {
        static Bytes of(Model model, List<Map<String, Double>> history, int startedAtEpoch, Map<String, Double> seconds, String stopReason) {
            try {
                return new Bytes(ModelBytes.of(model), MAPPER.writeValueAsString(history), startedAtEpoch, MAPPER.writeValueAsString(seconds),
                        stopReason);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("could not write the training history as JSON", e);
            }
        }

        /** The result, with {@code initial}'s info (names, provenance) kept. */
        TaskResult decode(Model initial) {
            Model trained = ModelBytes.load(model, "the trained network");
            try {
                List<Map<String, Double>> rows = MAPPER.readValue(historyJson, new TypeReference<>() {});
                Map<String, Double> phases = MAPPER.readValue(secondsJson, new TypeReference<java.util.LinkedHashMap<String, Double>>() {});
                return new TaskResult(new Model(trained.network(), initial.info()), rows, startedAtEpoch, phases, stopReason);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("could not read the training history sent by task 0", e);
            }
        }
    }
}
