package dev.myelin.cli.train;

import dev.myelin.cli.base.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of one {@code train} run, resolved (defaults filled in per data set). A checkpoint
 * stores them as strings ({@link #toMap()}), so {@code train --resume DIR} runs with exactly the
 * same settings ({@link #fromMap}).
 *
 * <p>Defaults: MNIST gets the {@code MNIST_*} constants below, chosen so that the main job, {@code myelin
 * train --data mnist} with no other flag, reaches 98 % test accuracy in as little wall time as
 * possible (JVM start and data loading included); every other data set a small 32-16 ReLU network,
 * batch 32, 100 epochs, no dropout, constant rate (small tables need many passes and no
 * regularization to fit). Without {@code --save} the model goes to {@link #defaultSaveFile}.
 *
 * <p>Two seeds: {@code seed} draws the initial weights, dropout masks and each epoch's shuffle;
 * {@code dataSeed} (default: {@code seed}) the synthetic data and the test and validation splits
 * ({@code dataSeed ^ Dataset.TEST_SPLIT_STREAM} and {@code ^ VALIDATION_SPLIT_STREAM}), as the playground keeps a data seed
 * apart from its weight seed.
 */
public record TrainSettings(
        String data,
        String label,
        String test,
        double testSplit,
        String task,
        List<Integer> layers,
        String activation,
        String outputActivation,
        String loss,
        String optimizer,
        double lr,
        String lrSchedule,
        int batch,
        int epochs,
        double dropout,
        double l1,
        double l2,
        int earlyStopping,
        double validationSplit,
        long seed,
        long dataSeed,
        String precision,
        String scale,
        String network,
        int samples,
        double noise,
        List<String> features,
        String save,
        List<String> ignore) {

    /**
     * MNIST's default hidden layers. Measured (seed 42, all 60,000 images, Adam 1e-3 cosine, batch 128,
     * dropout 0.2): 256-128 for 8 epochs 98.17 % test accuracy; for 6 epochs 97.97 %; 512-256 for 5
     * epochs 98.25 % at 1.6× the arithmetic. {@code scripts/main-job-vs-torch.sh} times the default run
     * against PyTorch's time to 98 %.
     */
    public static final List<Integer> MNIST_LAYERS = List.of(256, 128);
    /** Dropout after each hidden layer for MNIST. */
    public static final double MNIST_DROPOUT = 0.2;
    /** Passes over MNIST's 60,000 training images. */
    public static final int MNIST_EPOCHS = 8;
    /** Adam at its default rate 1e-3, annealed to 0 by a cosine over the epochs. */
    public static final String MNIST_SCHEDULE = "cosine";
    /** Examples per batch for MNIST. */
    public static final int MNIST_BATCH = 128;
    /** MNIST has its own test set: all 60,000 training images train, none is held out (unless early stopping asks). */
    public static final double MNIST_VALIDATION_SPLIT = 0;

    /**
     * Where a run saves its model without {@code --save}: the data set's name (a built-in set's name, or
     * the CSV file's name without its extension) with {@code .safetensors}, in the current folder.
     */
    public static Path defaultSaveFile(String data) {
        if (dev.myelin.cli.data.DataSets.isBuiltIn(data)) {
            return Path.of(data.strip().toLowerCase(Locale.ROOT) + ".safetensors");
        }
        String name = Path.of(data).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of((dot > 0 ? name.substring(0, dot) : name) + ".safetensors");
    }

    public TrainSettings {
        layers = List.copyOf(layers);
        features = List.copyOf(features);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    /** Checks ranges that picocli cannot; every problem is a usage error. */
    public TrainSettings validate() {
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new UsageException("--validation-split must be at least 0 and below 1, got " + validationSplit);
        }
        if (!(testSplit >= 0 && testSplit < 1)) {
            throw new UsageException("--test-split must be at least 0 and below 1, got " + testSplit);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be at least 0 and below 1, got " + dropout);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UsageException("--lr must be a positive number, got " + lr);
        }
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new UsageException("--l1 and --l2 must be ≥ 0, got " + l1 + " and " + l2);
        }
        if (!lrSchedule.equals("constant") && !lrSchedule.equals("cosine")) {
            throw new UsageException("--lr-schedule must be constant or cosine, got '" + lrSchedule + "'");
        }
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        if (epochs < 1) {
            throw new UsageException("--epochs must be at least 1, got " + epochs);
        }
        if (earlyStopping < -1) {
            throw new UsageException("--early-stopping takes a patience ≥ 0 (epochs without improvement), got " + earlyStopping);
        }
        if (task != null && !task.equals("classification") && !task.equals("regression")) {
            throw new UsageException("--task must be classification or regression, got '" + task + "'");
        }
        if (test != null && testSplit > 0) {
            throw new UsageException("give either --test FILE or --test-split, not both");
        }
        if (network != null && (!layers.isEmpty() || dropout > 0)) {
            throw new UsageException("--network gives the whole architecture; leave out --layers and --dropout");
        }
        return this;
    }

    /** "128,64" → [128, 64]; "" or "none" → [] (no hidden layer). */
    public static List<Integer> parseLayers(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("none") || t.equals("0")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : t.split("[,x ]+")) {
            try {
                int units = Integer.parseInt(part.strip());
                if (units < 1 || units > 1_000_000) {
                    throw new NumberFormatException();
                }
                out.add(units);
            } catch (NumberFormatException e) {
                throw new UsageException("--layers takes hidden layer sizes like 128,64; '" + part + "' is not a size from 1 to 1000000");
            }
        }
        return out;
    }

    /** The settings as strings, for a checkpoint's training configuration. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "data", data);
        put(m, "label", label);
        put(m, "test", test);
        m.put("test-split", Double.toString(testSplit));
        put(m, "task", task);
        m.put("layers", String.join(",", layers.stream().map(String::valueOf).toList()));
        put(m, "activation", activation);
        put(m, "output-activation", outputActivation);
        put(m, "loss", loss);
        put(m, "optimizer", optimizer);
        m.put("lr", Double.toString(lr));
        m.put("lr-schedule", lrSchedule);
        m.put("batch", Integer.toString(batch));
        m.put("epochs", Integer.toString(epochs));
        m.put("dropout", Double.toString(dropout));
        m.put("l1", Double.toString(l1));
        m.put("l2", Double.toString(l2));
        m.put("early-stopping", Integer.toString(earlyStopping));
        m.put("validation-split", Double.toString(validationSplit));
        m.put("seed", Long.toString(seed));
        m.put("data-seed", Long.toString(dataSeed));
        put(m, "precision", precision);
        put(m, "scale", scale);
        put(m, "network", network);
        m.put("samples", Integer.toString(samples));
        m.put("noise", Double.toString(noise));
        m.put("features", String.join(",", features));
        put(m, "save", save);
        if (!ignore.isEmpty()) {
            m.put("ignore", String.join(",", ignore));
        }
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** Reads {@link #toMap()}'s form back; a missing or malformed entry names the checkpoint. */
    public static TrainSettings fromMap(Map<String, String> m, Path checkpoint) {
        Reader r = new Reader(m, checkpoint);
        return new TrainSettings(r.required("data"), m.get("label"), m.get("test"), r.dbl("test-split"), m.get("task"),
                parseLayers(m.getOrDefault("layers", "")), r.required("activation"), m.get("output-activation"), m.get("loss"),
                r.required("optimizer"), r.dbl("lr"), r.required("lr-schedule"), (int) r.lng("batch"), (int) r.lng("epochs"), r.dbl("dropout"), r.dbl("l1"),
                r.dbl("l2"), (int) r.lng("early-stopping"), r.dbl("validation-split"), r.lng("seed"),
                m.containsKey("data-seed") ? r.lng("data-seed") : r.lng("seed"), r.required("precision"),
                r.required("scale"), m.get("network"), (int) r.lng("samples"), r.dbl("noise"), splitList(m.getOrDefault("features", "")),
                m.get("save"), splitList(m.getOrDefault("ignore", "")));
    }

    /** A comma-separated list, empty entries dropped. */
    public static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A copy with other epochs and save file (what a resumed run may change). */
    public TrainSettings withEpochsAndSave(int newEpochs, String newSave) {
        return new TrainSettings(data, label, test, testSplit, task, layers, activation, outputActivation, loss, optimizer, lr,
                lrSchedule, batch, newEpochs, dropout, l1, l2, earlyStopping, validationSplit, seed, dataSeed, precision, scale, network,
                samples, noise, features, newSave, ignore);
    }

    private record Reader(Map<String, String> m, Path checkpoint) {
        String required(String key) {
            String v = m.get(key);
            if (v == null) {
                throw new IllegalArgumentException(checkpoint + ": the checkpoint's training configuration has no '" + key
                        + "' (was it written by 'myelin train --checkpoint-dir'?)");
            }
            return v;
        }

        double dbl(String key) {
            try {
                return Double.parseDouble(required(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(checkpoint + ": the training configuration's '" + key + "' is not a number: "
                        + m.get(key));
            }
        }

        long lng(String key) {
            try {
                return Long.parseLong(required(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(checkpoint + ": the training configuration's '" + key
                        + "' is not a whole number: " + m.get(key));
            }
        }
    }
}
