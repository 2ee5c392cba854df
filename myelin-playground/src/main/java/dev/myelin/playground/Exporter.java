package dev.myelin.playground;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a session: the trained network as a Myelin model file (safetensors, with its
 * {@link ModelInfo}: task, feature crosses or CSV scaler, class names, provenance), the equivalent
 * {@code ./myelin train} command line, and a Java snippet that builds and trains the same network.
 */
final class Exporter {
    private Exporter() {}

    /** The model file's bytes (a temporary file is written atomically by {@link ModelFile#save}, read and deleted). */
    static byte[] modelFile(Session s) throws IOException {
        Model model;
        synchronized (s) {
            model = new Model(s.network().copy(), info(s));
        }
        return ModelFile.toBytes(model);
    }

    /** The ONNX file's bytes: the same model as {@link #modelFile}, as an inference graph taking raw features. */
    static byte[] onnxFile(Session s) {
        Model model;
        synchronized (s) {
            model = new Model(s.network().copy(), info(s));
        }
        return dev.myelin.onnx.OnnxFile.toBytes(model);
    }

    static ModelInfo info(Session s) {
        PlaygroundData d = s.data();
        PlaygroundConfig c = s.config();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("library", "myelin playground");
        p.put("dataset", c.isCsv() && s.csv() != null ? s.csv().name() : c.dataset());
        if (!c.isCsv()) {
            p.put("points", Integer.toString(c.points()));
            p.put("noise", Double.toString(c.noise()));
        }
        p.put("train_ratio_percent", Integer.toString(c.ratio()));
        p.put("data_seed", Long.toString(c.dataSeed()));
        p.put("seed", Long.toString(c.initSeed()));
        p.put("optimizer", c.optimizer());
        p.put("learning_rate", Double.toString(c.learningRate()));
        p.put("loss", s.loss().name());
        p.put("batch_size", Integer.toString(c.batch()));
        p.put("regularization", c.regularization() + (c.regularization().equals("none") ? "" : " " + c.regularizationRate()));
        p.put("epochs", Integer.toString(s.epoch()));
        LossHistory.Point last = s.last();
        p.put("train_loss", Double.toString(last.trainLoss()));
        p.put("test_loss", Double.toString(last.testLoss()));
        if (!d.regression) {
            p.put("test_accuracy", Double.toString(last.testAccuracy()));
        }
        String task = d.regression ? ModelInfo.REGRESSION : ModelInfo.CLASSIFICATION;
        if (c.isCsv()) {
            return new ModelInfo(task, d.inputNames, d.labelName, d.classNames, d.scaler, List.of(), p);
        }
        return new ModelInfo(task, List.of("x1", "x2"), d.labelName, d.classNames, null, d.featureCrosses, p);
    }

    /**
     * The {@code ./myelin train} command for this configuration, in the command's own flags: the data
     * ({@code --data} set or file, {@code --samples}, {@code --noise}, {@code --features}, the test
     * split {@code --test-split} (100 − ratio)/100 and {@code --data-seed}, which hold out the same rows
     * as the playground (see {@link PlaygroundData#split}), no validation split, standard scaling of CSV
     * features fitted on the training rows), the network ({@code --layers}, {@code --activation},
     * {@code --dropout}, {@code --output-activation}), the training settings, {@code --seed} (the
     * weights and the epochs' shuffles) and float64. Run on the same data for the epochs trained, it
     * gives the playground's weights bit for bit. What the command cannot replay (per-layer
     * activations or dropout that differ, hand edits, teaching steps, a restarted optimizer, a
     * half-trained epoch) follows as comment lines.
     */
    static String command(Session s) {
        PlaygroundConfig c = s.config();
        PlaygroundData d = s.data();
        List<String> a = new ArrayList<>(List.of("./myelin", "train"));
        if (c.isCsv()) {
            add(a, "--data", s.csv() == null ? "data.csv" : quote(s.csv().name()));
            add(a, "--label", quote(d.labelName));
            add(a, "--scale", "standard");
        } else {
            add(a, "--data", c.dataset());
            add(a, "--samples", Integer.toString(c.points()));
            add(a, "--noise", num(c.noise()));
            add(a, "--features", String.join(",", c.features()));
            add(a, "--scale", "none");
        }
        add(a, "--task", c.problem());
        add(a, "--test-split", num(PlaygroundData.testFraction(c)));
        add(a, "--validation-split", "0");
        add(a, "--data-seed", Long.toString(c.dataSeed()));
        if (!c.layers().isEmpty()) {
            add(a, "--layers", String.join(",", c.layers().stream().map(l -> Integer.toString(l.units())).toList()));
            add(a, "--activation", c.layers().getFirst().activation());
            double dropout = c.layers().getFirst().dropout();
            if (dropout > 0) {
                add(a, "--dropout", num(dropout));
            }
        } else {
            add(a, "--layers", "none");
        }
        add(a, "--output-activation", s.network().outputLayer().activation().name());
        add(a, "--loss", s.loss().name());
        add(a, "--optimizer", c.optimizer());
        add(a, "--lr", num(c.learningRate()));
        add(a, "--batch", Integer.toString(c.batch()));
        add(a, "--epochs", Integer.toString(Math.max(1, s.epoch())));
        if (!c.regularization().equals("none")) {
            add(a, "--" + c.regularization(), num(c.regularizationRate()));
        }
        add(a, "--seed", Long.toString(c.initSeed()));
        add(a, "--precision", "float64");
        add(a, "--save", "playground.safetensors");
        StringBuilder sb = new StringBuilder(String.join(" ", a));
        List<String> notes = new ArrayList<>();
        if (c.layers().stream().map(PlaygroundConfig.LayerSpec::activation).distinct().count() > 1) {
            notes.add("per-layer activations " + String.join(",", c.layers().stream().map(PlaygroundConfig.LayerSpec::activation).toList())
                    + " (--activation sets every hidden layer)");
        }
        if (c.layers().stream().map(PlaygroundConfig.LayerSpec::dropout).distinct().count() > 1) {
            notes.add("per-layer dropout " + String.join(",", c.layers().stream().map(l -> num(l.dropout())).toList())
                    + " (--dropout sets every hidden layer)");
        }
        notes.addAll(s.unreplayable());
        for (String n : notes) {
            sb.append("\n# differs from the playground's weights: ").append(n);
        }
        if (c.earlyStopping() > 0) {
            sb.append("\n# early stopping (patience ").append(c.earlyStopping())
                    .append(", on the test loss) is the playground's own; --epochs is the epoch it kept");
        }
        return sb.toString();
    }

    private static void add(List<String> a, String flag, String value) {
        a.add(flag);
        a.add(value);
    }

    /**
     * A Java program, on Myelin's API, that builds and trains the same network on the same data (the
     * synthetic set, or the uploaded CSV file read by the one CSV reader and standardized as the
     * playground does; the same test split as the playground and the command line) and saves
     * it with its {@link ModelInfo} (task, inputs, feature crosses or scaler, class names), so that
     * {@code ./myelin evaluate} and {@code predict} work on the file it writes.
     */
    static String java(Session s) {
        PlaygroundConfig c = s.config();
        PlaygroundData d = s.data();
        StringBuilder j = new StringBuilder();
        j.append("import dev.myelin.Model;\nimport dev.myelin.ModelFile;\nimport dev.myelin.Network;\nimport dev.myelin.activations.Activation;\nimport dev.myelin.data.*;\n")
                .append("import dev.myelin.dataset.*;\nimport dev.myelin.io.*;\nimport dev.myelin.losses.Loss;\nimport dev.myelin.optim.*;\n")
                .append("import dev.myelin.tensor.*;\nimport dev.myelin.train.Training;\n")
                .append("import java.nio.file.*;\nimport java.util.*;\n\n")
                .append("public class PlaygroundModel {\n    public static void main(String[] args) throws Exception {\n");
        String task = d.regression ? "ModelInfo.REGRESSION" : "ModelInfo.CLASSIFICATION";
        String classes = d.classNames.isEmpty() ? "List.of()" : "List.of(" + String.join(", ",
                d.classNames.stream().map(Exporter::javaString).toList()) + ")";
        if (c.isCsv()) {
            String file = s.csv() == null ? "data.csv" : s.csv().name();
            j.append("        // the uploaded file, read as ./myelin train reads it (the label column ").append(javaString(d.labelName))
                    .append(", every other column a feature)\n")
                    .append("        CsvTable table = CsvTable.read(Path.of(args.length > 0 ? args[0] : ").append(javaString(file))
                    .append("), ").append(javaString(d.labelName)).append(",\n")
                    .append("                CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT);\n")
                    .append("        List<String> classes = ").append(classes).append(";\n")
                    .append("        Targets.Encoded targets = Targets.encode(table, ").append(task)
                    .append(", classes.isEmpty() ? null : classes, TaskRule.DEFAULT);\n")
                    .append("        Dataset all = new Dataset(table.x(), targets.y(), classes);\n")
                    .append("        // hold out ").append(100 - c.ratio()).append("% for testing: the rows ./myelin train --test-split ")
                    .append(num(PlaygroundData.testFraction(c))).append(" --data-seed ").append(c.dataSeed()).append(" holds out\n")
                    .append("        Dataset[] parts = all.split(").append(num(PlaygroundData.testFraction(c))).append(", ")
                    .append(c.dataSeed()).append("L ^ Dataset.TEST_SPLIT_STREAM);\n")
                    .append("        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, parts[0].x());\n")
                    .append("        Dataset train = scaler.transform(parts[0]), test = scaler.transform(parts[1]);\n")
                    .append("        ModelInfo info = new ModelInfo(").append(task).append(", table.featureNames(), ")
                    .append(javaString(d.labelName)).append(", classes, scaler, List.of(), Map.of(\"library\", \"myelin playground\"));\n");
        } else {
            j.append("        Dataset all = Synthetic.byName(\"").append(c.dataset()).append("\", ").append(c.points())
                    .append(", ").append(num(c.noise())).append(", ").append(c.dataSeed()).append("L);\n");
            j.append("        List<String> crosses = List.of(").append(String.join(", ",
                    c.features().stream().map(Exporter::javaString).toList())).append(");\n");
            j.append("        all = FeatureCross.apply(all, crosses.toArray(String[]::new));\n");
            j.append("        // hold out ").append(100 - c.ratio()).append("% for testing: the rows ./myelin train --test-split ")
                    .append(num(PlaygroundData.testFraction(c))).append(" --data-seed ").append(c.dataSeed()).append(" holds out\n")
                    .append("        Dataset[] parts = all.split(").append(num(PlaygroundData.testFraction(c))).append(", ")
                    .append(c.dataSeed()).append("L ^ Dataset.TEST_SPLIT_STREAM);\n")
                    .append("        Dataset train = parts[0], test = parts[1];\n")
                    .append("        ModelInfo info = new ModelInfo(").append(task).append(", List.of(\"x1\", \"x2\"), ")
                    .append(javaString(d.labelName)).append(", ").append(classes)
                    .append(", null, crosses, Map.of(\"library\", \"myelin playground\"));\n");
        }
        j.append("        Network net = Network.builder(").append(d.inputNames.size()).append(")\n");
        for (PlaygroundConfig.LayerSpec l : c.layers()) {
            j.append("                .dense(").append(l.units()).append(", Activation.byName(\"").append(l.activation()).append("\"))\n");
            if (l.dropout() > 0) {
                j.append("                .dropout(").append(num(l.dropout())).append(")\n");
            }
        }
        j.append("                .dense(").append(d.outputs()).append(", Activation.byName(\"")
                .append(s.network().outputLayer().activation().name()).append("\"))\n")
                .append("                .seed(").append(c.initSeed()).append("L).precision(Precision.FLOAT64).build();\n");
        j.append("        Optimizer opt = Optimizers.create(\"").append(c.optimizer()).append("\", ").append(num(c.learningRate())).append(");\n");
        if (!c.regularization().equals("none")) {
            j.append("        opt.").append(c.regularization()).append("(").append(num(c.regularizationRate())).append(");\n");
        }
        j.append("        net.fit(train, Training.of(Loss.byName(\"").append(s.loss().name()).append("\"), opt)\n")
                .append("                .epochs(").append(Math.max(1, s.epoch())).append(").batchSize(").append(c.batch())
                .append(").seed(").append(c.initSeed()).append("L).validation(test));\n")
                .append("        ModelFile.save(Path.of(\"playground.safetensors\"), new Model(net, info));\n    }\n}\n");
        return j.toString();
    }

    private static String javaString(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9._/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
