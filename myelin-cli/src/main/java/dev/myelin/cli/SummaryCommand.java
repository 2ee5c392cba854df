package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin summary}: the layer table of a model and where it came from. */
@Command(name = "summary", sortOptions = false,
        description = "Show a model's layers (output shapes, parameter counts, like Keras's model.summary()), its inputs, "
                + "classes, scaling and provenance.",
        footer = {"", "Example:", "  myelin summary --model mnist.safetensors"})
public final class SummaryCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model (.safetensors, .json or .onnx).")
    Path model;

    @Override
    protected int run() throws Exception {
        Model m = ModelInput.load(model);
        ModelInfo info = m.info();
        PrintWriter out = out();
        out.printf(Locale.ROOT, "model: %s (%,d bytes)%n%n", model, Files.size(model));
        out.print(m.network().summary());
        out.println();
        out.println("task:      " + info.task());
        out.println("features:  " + list(info.featureNames(), m.network().inputs()));
        if (!info.featureCrosses().isEmpty()) {
            out.println("computed:  " + String.join(", ", info.featureCrosses()) + " (from x1, x2)");
        }
        if (info.labelName() != null) {
            out.println("label:     " + info.labelName());
        }
        if (info.isClassification()) {
            out.println("classes:   " + list(ModelInput.classNames(m), -1));
        }
        out.println("scaling:   " + (info.scaler() == null ? "none" : info.scaler().kind().label() + " (fitted on the training data)"));
        if (info.targetScaler() != null && info.targetScaler().features() == 1) {
            out.println("target:    standard (mean " + dev.myelin.cli.base.Figures.loss(info.targetScaler().offset()[0]) + ", std "
                    + dev.myelin.cli.base.Figures.loss(info.targetScaler().scale()[0])
                    + ", fitted on the training data; predictions are unscaled)");
        } else if (info.targetScaler() != null) {
            out.println("target:    " + info.targetScaler().kind().label() + " scaling of " + info.targetScaler().features()
                    + " outputs (fitted on the training data; predictions are unscaled)");
        }
        if (!info.provenance().isEmpty()) {
            out.println("provenance:");
            int w = Math.min(40, info.provenance().keySet().stream().mapToInt(String::length).max().orElse(0));
            for (Map.Entry<String, String> e : info.provenance().entrySet()) {
                // padded by hand: a key of any length (even empty) prints as it is, never as a format
                String key = e.getKey().isEmpty() ? "(empty key)" : e.getKey();
                out.println("  " + key + " ".repeat(Math.max(0, w - key.length())) + "  " + e.getValue());
            }
        }
        return 0;
    }

    private static String list(List<String> names, int count) {
        if (names.isEmpty()) {
            return count + " (unnamed)";
        }
        String shown = names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + " in all)";
        return names.size() + ": " + shown;
    }
}
