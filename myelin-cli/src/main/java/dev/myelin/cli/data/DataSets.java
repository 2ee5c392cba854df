package dev.myelin.cli.data;

import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.UsageException;
import dev.myelin.data.Dataset;
import dev.myelin.data.FeatureCross;
import dev.myelin.data.Synthetic;
import dev.myelin.dataset.CsvLimits;
import dev.myelin.dataset.CsvTable;
import dev.myelin.dataset.TaskRule;
import dev.myelin.dataset.Targets;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a {@code --data} value: {@code mnist}, a synthetic set's name (circle, xor, gauss, spiral,
 * plane, multigauss) or a CSV file, into a {@link Dataset} with its names and task.
 */
public final class DataSets {
    private DataSets() {}

    /**
     * A data set with what a model needs to know about it.
     *
     * @param data the examples (features unscaled)
     * @param featureNames the feature names, one per column of x
     * @param labelName the target column's name, or null
     * @param classNames the classes (empty for regression)
     * @param task "classification" or "regression"
     * @param description where the data came from, for provenance and messages
     * @param note how the task was inferred, or null
     */
    public record Loaded(Dataset data, List<String> featureNames, String labelName, List<String> classNames, String task,
            String description, String note) {
        /** The same description without the examples, so that they can be freed once split. */
        public Loaded withoutData() {
            return new Loaded(null, featureNames, labelName, classNames, task, description, note);
        }
    }

    /**
     * What to read.
     *
     * @param label the label column (CSV), or null for the default
     * @param mode whether a CSV must have the label column
     * @param features the CSV feature columns to read (a model's), or null for every column but the label
     * @param task the task, or null to infer (CSV)
     * @param classNames the classes to map labels onto (a model's), or null to derive them
     * @param samples, noise, seed: for the synthetic sets
     * @param crosses the feature crosses for the synthetic sets (x1, x2, x1sq, ...), empty for x1, x2
     * @param mnistTest true for MNIST's 10,000 test images, false for its 60,000 training images
     * @param ignore CSV columns to skip (an id, a text column); empty for none
     */
    public record Request(String label, CsvTable.LabelMode mode, List<String> features, String task, List<String> classNames,
            int samples, double noise, long seed, List<String> crosses, boolean mnistTest, List<String> ignore) {
        /** A request that ignores no column. */
        public Request(String label, CsvTable.LabelMode mode, List<String> features, String task, List<String> classNames,
                int samples, double noise, long seed, List<String> crosses, boolean mnistTest) {
            this(label, mode, features, task, classNames, samples, noise, seed, crosses, mnistTest, List.of());
        }

        public Request {
            ignore = ignore == null ? List.of() : List.copyOf(ignore);
        }
    }

    public static boolean isMnist(String data) {
        return data.equalsIgnoreCase("mnist");
    }

    public static boolean isSynthetic(String data) {
        return Synthetic.NAMES.contains(data.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
    }

    /** True if {@code data} names a built-in set rather than a file. */
    public static boolean isBuiltIn(String data) {
        return isMnist(data) || isSynthetic(data);
    }

    /** Loads {@code data} as {@code req} says; {@code log} receives progress (MNIST fetching). */
    public static Loaded load(String data, Request req, PrintWriter log) throws IOException {
        return loadAll(data, req, log);
    }

    /** Receives the chunks of {@link #stream}, one at a time. */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * @param chunk examples as {@link #load} gives them (features unscaled)
         * @param first the index of the chunk's first example in the whole data (from 0)
         */
        void accept(Dataset chunk, long first) throws IOException;
    }

    /**
     * Hands {@code data} to {@code sink} in chunks of at most {@code chunkRows} examples, in order. A CSV
     * file is read chunk by chunk ({@link CsvTable#readChunks}), so memory does not grow with the file;
     * MNIST and the synthetic sets, whose size is bounded, are loaded as {@link #load} does and sliced.
     * A chunk cannot infer what the whole file would, so a CSV request must name the task and, for
     * classification, the classes (as a model does).
     *
     * @return the data's description, as {@link #load} gives it, without the examples
     */
    public static Loaded stream(String data, Request req, int chunkRows, PrintWriter log, ChunkSink sink) throws IOException {
        if (isBuiltIn(data)) {
            Loaded l = load(data, req, log);
            Dataset d = l.data();
            for (int from = 0; from < d.size(); from += chunkRows) {
                sink.accept(d.slice(from, Math.min(d.size(), from + chunkRows)), from);
            }
            return l.withoutData();
        }
        boolean classification = ModelInfo.CLASSIFICATION.equals(req.task());
        if (req.task() == null || (classification && (req.classNames() == null || req.classNames().isEmpty()))) {
            throw new IllegalArgumentException("streaming a CSV file needs the task and, for classification, the class names");
        }
        Path file = csvFile(data);
        List<String> classes = classification ? req.classNames() : List.of();
        long[] seen = {0};
        List<List<String>> names = new ArrayList<>(); // the first chunk's feature names
        String[] labelName = {null};
        long rows = CsvTable.readChunks(file, req.label(), req.mode(), req.features(), req.ignore(), CsvLimits.DEFAULT, chunkRows,
                t -> {
                    Matrix y = t.labels() == null ? Matrix.zeros(t.rows(), 1, t.x().precision())
                            : Targets.encode(t, req.task(), req.classNames(), TaskRule.DEFAULT).y();
                    if (names.isEmpty()) {
                        names.add(t.featureNames());
                        labelName[0] = t.labelName();
                    }
                    sink.accept(new Dataset(t.x(), y, classes), seen[0]);
                    seen[0] += t.rows();
                });
        return new Loaded(null, names.get(0), labelName[0], classes, req.task(),
                file.getFileName() + " (" + rows + " rows)", null);
    }

    private static Path csvFile(String data) {
        Path file = Path.of(data);
        if (!Files.exists(file)) {
            throw new CliException("no such file: " + data + " (--data takes mnist, one of " + String.join(", ", Synthetic.NAMES)
                    + ", or a CSV file)");
        }
        if (Files.isDirectory(file)) {
            throw new CliException(data + " is a folder; --data takes a CSV file");
        }
        return file;
    }

    private static Loaded loadAll(String data, Request req, PrintWriter log) throws IOException {
        if (isMnist(data)) {
            if (req.label() != null) {
                throw new UsageException("--label is for CSV files; MNIST's labels are its digits");
            }
            if (req.task() != null && !req.task().equals(ModelInfo.CLASSIFICATION)) {
                throw new UsageException("MNIST is a classification set; --task " + req.task() + " does not fit it");
            }
            Mnist mnist = Mnist.standard();
            Dataset d = req.mnistTest() ? mnist.test(log) : mnist.train(log);
            return new Loaded(d, List.of(), "digit", Mnist.CLASS_NAMES, ModelInfo.CLASSIFICATION,
                    "mnist (" + (req.mnistTest() ? "10,000 test" : "60,000 training") + " images)", null);
        }
        if (isSynthetic(data)) {
            if (!req.ignore().isEmpty()) {
                throw new UsageException("--ignore is for CSV files; the synthetic sets have the columns x1, x2 and their target");
            }
            return synthetic(data, req);
        }
        Path file = csvFile(data);
        CsvTable t = CsvTable.read(file, req.label(), req.mode(), req.features(), req.ignore(), CsvLimits.DEFAULT);
        Matrix y;
        List<String> classes;
        String task;
        String note = null;
        if (t.labels() == null) {
            y = Matrix.zeros(t.rows(), 1, t.x().precision());
            classes = req.classNames() == null ? List.of() : req.classNames();
            task = req.task();
        } else {
            Targets.Encoded enc = Targets.encode(t, req.task(), req.classNames(), TaskRule.DEFAULT);
            y = enc.y();
            classes = enc.classNames();
            task = enc.task();
            note = enc.inferred();
        }
        return new Loaded(new Dataset(t.x(), y, classes), t.featureNames(), t.labelName(), classes, task,
                file.getFileName() + " (" + t.rows() + " rows)", note);
    }

    private static Loaded synthetic(String data, Request req) {
        String name = data.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (req.label() != null) {
            throw new UsageException("--label is for CSV files; the synthetic sets have their own target");
        }
        if (req.samples() < 2) {
            throw new UsageException("--samples must be at least 2, got " + req.samples());
        }
        if (!(req.noise() >= 0 && req.noise() <= 100)) {
            throw new UsageException("--noise is a percentage from 0 to 100 (the playground uses 0-50), got " + req.noise());
        }
        Dataset d = Synthetic.byName(name, req.samples(), req.noise(), req.seed());
        boolean regression = Synthetic.isRegression(name);
        if (req.task() != null && !req.task().equals(regression ? ModelInfo.REGRESSION : ModelInfo.CLASSIFICATION)) {
            throw new UsageException(name + " is a " + (regression ? "regression" : "classification") + " set; --task "
                    + req.task() + " does not fit it");
        }
        List<String> features = List.of("x1", "x2");
        if (req.crosses() != null && !req.crosses().isEmpty()) {
            List<FeatureCross> fs = new ArrayList<>();
            for (String c : req.crosses()) {
                fs.add(FeatureCross.byName(c));
            }
            d = FeatureCross.apply(d, fs);
            features = fs.stream().map(FeatureCross::label).toList();
        }
        return new Loaded(d, features, regression ? "y" : "label", regression ? List.of() : Synthetic.CLASS_NAMES,
                regression ? ModelInfo.REGRESSION : ModelInfo.CLASSIFICATION,
                String.format(Locale.ROOT, "%s (n=%d, noise=%s, seed=%d)", name, req.samples(), fmt(req.noise()), req.seed()), null);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
