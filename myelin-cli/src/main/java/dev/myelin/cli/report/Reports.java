package dev.myelin.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.AtomicFiles;
import dev.myelin.metrics.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A training report folder: {@code history.csv} and {@code history.json} (one row per epoch:
 * loss, accuracy, val_loss, val_accuracy, lr), {@code loss.png}, and for classification
 * {@code accuracy.png} and {@code confusion.png}. Every file is written atomically.
 */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /**
     * Writes the report; returns the files written.
     *
     * @param rows the history, one map per epoch
     * @param confusion the confusion matrix to draw (classification), or null
     * @param confusionOf which data the confusion matrix counts (e.g. "test set, 10,000 examples")
     */
    public static List<Path> write(Path dir, List<Map<String, Double>> rows, ConfusionMatrix confusion, List<String> classNames,
            String confusionOf) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a folder; --report needs a folder");
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        rows.forEach(r -> metrics.addAll(r.keySet()));

        StringBuilder csv = new StringBuilder("epoch");
        metrics.forEach(m -> csv.append(',').append(m));
        csv.append('\n');
        ObjectNode root = JSON.createObjectNode();
        ArrayNode epochs = root.putArray("epochs");
        for (int e = 0; e < rows.size(); e++) {
            csv.append(e + 1);
            ObjectNode o = epochs.addObject();
            o.put("epoch", e + 1);
            for (String m : metrics) {
                Double v = rows.get(e).get(m);
                csv.append(',').append(v == null || !Double.isFinite(v) ? "" : String.format(Locale.ROOT, "%.8g", v));
                if (v == null || !Double.isFinite(v)) {
                    o.putNull(m);
                } else {
                    o.put(m, v);
                }
            }
            csv.append('\n');
        }
        written.add(write(dir.resolve("history.csv"), csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        written.add(write(dir.resolve("history.json"), JSON.writeValueAsBytes(root)));
        written.add(write(dir.resolve("loss.png"), Charts.curves("Loss", "loss",
                Charts.series("training", series(rows, "loss"), "validation", series(rows, "val_loss")))));
        if (metrics.contains("accuracy")) {
            written.add(write(dir.resolve("accuracy.png"), Charts.curves("Accuracy", "accuracy",
                    Charts.series("training", series(rows, "accuracy"), "validation", series(rows, "val_accuracy")))));
        }
        if (confusion != null) {
            written.add(write(dir.resolve("confusion.png"), Charts.confusion(confusion, classNames, confusionOf)));
        }
        return written;
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, bytes);
        return file;
    }

    static double[] series(List<Map<String, Double>> rows, String metric) {
        return rows.stream().mapToDouble(r -> r.getOrDefault(metric, Double.NaN)).toArray();
    }
}
