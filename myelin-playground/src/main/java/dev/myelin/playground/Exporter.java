package dev.myelin.playground;

import dev.myelin.io.Model;
import dev.myelin.io.ModelFile;
import dev.myelin.io.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path dir = Files.createTempDirectory("myelin-playground");
        Path file = dir.resolve("model.safetensors");
        try {
            ModelFile.save(file, model);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
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
        Session.Point last = s.history().getLast();
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

    /** The {@code ./myelin train} command that trains this configuration, with notes for what it cannot express. */
    static String command(Session s) {
        PlaygroundConfig c = s.config();
        PlaygroundData d = s.data();
        List<String> a = new ArrayList<>(List.of("./myelin", "train"));
        a.add("--data");
        a.add(c.isCsv() ? (s.csv() == null ? "data.csv" : quote(s.csv().name())) : c.dataset());
        if (c.isCsv()) {
            a.add("--label");
            a.add(quote(d.labelName));
        }
        a.add("--task");
        a.add(c.problem());
        if (!c.layers().isEmpty()) {
            a.add("--layers");
            a.add(String.join(",", c.layers().stream().map(l -> Integer.toString(l.units())).toList()));
            a.add("--activation");
            a.add(c.layers().getFirst().activation());
        }
        a.add("--loss");
        a.add(s.loss().name());
        a.add("--optimizer");
        a.add(c.optimizer());
        a.add("--lr");
        a.add(num(c.learningRate()));
        a.add("--batch");
        a.add(Integer.toString(c.batch()));
        a.add("--epochs");
        a.add(Integer.toString(Math.max(1, s.epoch())));
        double dropout = c.layers().isEmpty() ? 0 : c.layers().getFirst().dropout();
        if (dropout > 0) {
            a.add("--dropout");
            a.add(num(dropout));
        }
        if (!c.regularization().equals("none")) {
            a.add("--" + c.regularization());
            a.add(num(c.regularizationRate()));
        }
        if (c.earlyStopping() > 0) {
            a.add("--early-stopping");
            a.add(Integer.toString(c.earlyStopping()));
            a.add("--validation-split");
            a.add(num((100 - c.ratio()) / 100.0));
        }
        a.add("--seed");
        a.add(Long.toString(c.initSeed()));
        a.add("--precision");
        a.add("float64");
        a.add("--save");
        a.add("playground.safetensors");
        StringBuilder sb = new StringBuilder(String.join(" ", a));
        List<String> notes = new ArrayList<>();
        if (!c.isCsv() && !c.features().equals(List.of("x1", "x2"))) {
            notes.add("input features " + String.join(", ", c.features()) + " (the playground crosses x1, x2)");
        }
        if (!c.isCsv()) {
            notes.add(c.points() + " points, noise " + num(c.noise()) + ", " + c.ratio() + "% for training, data seed "
                    + c.dataSeed());
        }
        if (c.layers().stream().map(PlaygroundConfig.LayerSpec::activation).distinct().count() > 1) {
            notes.add("per-layer activations " + String.join(",", c.layers().stream().map(PlaygroundConfig.LayerSpec::activation).toList()));
        }
        if (c.layers().stream().map(PlaygroundConfig.LayerSpec::dropout).distinct().count() > 1) {
            notes.add("per-layer dropout " + String.join(",", c.layers().stream().map(l -> num(l.dropout())).toList()));
        }
        for (String n : notes) {
            sb.append("\n# the playground also used: ").append(n);
        }
        return sb.toString();
    }

    /** A Java program, using Myelin's API, that builds and trains the same network on the same data. */
    static String java(Session s) {
        PlaygroundConfig c = s.config();
        PlaygroundData d = s.data();
        StringBuilder j = new StringBuilder();
        j.append("import dev.myelin.Network;\nimport dev.myelin.activations.Activation;\nimport dev.myelin.data.*;\n")
                .append("import dev.myelin.io.*;\nimport dev.myelin.losses.Loss;\nimport dev.myelin.optim.*;\n")
                .append("import dev.myelin.tensor.Precision;\nimport dev.myelin.train.Training;\nimport java.nio.file.Path;\n\n")
                .append("public class PlaygroundModel {\n    public static void main(String[] args) throws Exception {\n");
        if (c.isCsv()) {
            j.append("        // load \"").append(s.csv() == null ? "data.csv" : s.csv().name())
                    .append("\" (label column \"").append(d.labelName).append("\") into a Dataset, standardize the features\n")
                    .append("        Dataset all = /* your CSV reader */ null;\n");
        } else {
            j.append("        Dataset all = Synthetic.byName(\"").append(c.dataset()).append("\", ").append(c.points())
                    .append(", ").append(num(c.noise())).append(", ").append(c.dataSeed()).append("L);\n");
            j.append("        all = FeatureCross.apply(all, ").append(String.join(", ",
                    c.features().stream().map(f -> "\"" + f + "\"").toList())).append(");\n");
        }
        j.append("        int nTrain = (int) Math.round(all.size() * ").append(c.ratio()).append(" / 100.0);\n")
                .append("        Dataset train = all.slice(0, nTrain), test = all.slice(nTrain, all.size());\n")
                .append("        Network net = Network.builder(").append(d.inputNames.size()).append(")\n");
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
                .append("        ModelFile.save(Path.of(\"playground.safetensors\"), Model.of(net));\n    }\n}\n");
        return j.toString();
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
