package dev.myelin.cli.base;

import dev.myelin.data.Dataset;
import dev.myelin.data.FeatureCross;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.onnx.OnnxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loading a model and preparing data for it exactly as its training data was prepared. */
public final class ModelInput {
    private ModelInput() {}

    /** Loads a .safetensors, .json or .onnx model, with a clear message if the file is missing or damaged. */
    public static Model load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new CliException("no such model file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a folder; --model takes a .safetensors, .json or .onnx model file");
        }
        if (ModelFormat.of(file) == ModelFormat.ONNX) {
            return OnnxFile.load(file);
        }
        return ModelFile.load(file);
    }

    /**
     * Applies the model's feature crosses (when the data still has the raw x1, x2) and its scaler,
     * then checks the width against the network's inputs.
     */
    public static Dataset prepare(Dataset raw, Model model, boolean crossesApplied) {
        ModelInfo info = model.info();
        Dataset d = raw;
        if (!crossesApplied && !info.featureCrosses().isEmpty()) {
            if (d.features() != 2) {
                throw new CliException("the model computes its inputs (" + String.join(", ", info.featureCrosses())
                        + ") from two values x1, x2, but the data has " + d.features() + " feature columns");
            }
            d = FeatureCross.apply(d, info.featureCrosses().toArray(String[]::new));
        }
        int inputs = model.network().inputs();
        if (d.features() != inputs) {
            throw new CliException("the model takes " + inputs + " inputs per example but the data has " + d.features()
                    + " feature columns" + names(info.featureNames()));
        }
        if (info.scaler() != null) {
            if (info.scaler().features() != inputs) {
                throw new CliException("the model's scaler has " + info.scaler().features() + " columns but the network takes "
                        + inputs + " inputs; the model file is inconsistent");
            }
            d = info.scaler().transform(d);
        }
        if (info.targetScaler() != null && info.targetScaler().features() != model.network().outputs()) {
            throw new CliException("the model's target scaler has " + info.targetScaler().features() + " columns but the network gives "
                    + model.network().outputs() + " outputs; the model file is inconsistent");
        }
        return d;
    }

    /**
     * Refuses outputs that are not finite: a model whose values each pass the loader's finite check can
     * still overflow on data (weights of 3e38, a scaler scale of 1e-320 that divides to infinity), and
     * its answers would be NaN. One sentence naming the first example, exit 1, never "loss: NaN".
     *
     * @param rowNames how to name example r in the message (e.g. "row 3" or a file name)
     */
    public static void checkFinite(dev.myelin.tensor.Matrix outputs, java.util.function.IntFunction<String> rowNames) {
        for (int r = 0; r < outputs.rows(); r++) {
            for (int j = 0; j < outputs.cols(); j++) {
                double v = outputs.get(r, j);
                if (!Double.isFinite(v)) {
                    throw new CliException("the model's output " + j + " for " + rowNames.apply(r) + " is " + v
                            + ": its weights or its scaler overflow on this data, so the model cannot be used on it");
                }
            }
        }
    }

    private static String names(List<String> names) {
        if (names.isEmpty() || names.size() > 12) {
            return "";
        }
        return " (the model expects " + String.join(", ", names) + ")";
    }

    /** The class names of a model, or "0".."k−1" when it has none. */
    public static List<String> classNames(Model model) {
        List<String> names = model.info().classNames();
        if (!names.isEmpty()) {
            return names;
        }
        int outputs = model.network().outputs();
        int k = outputs == 1 ? 2 : outputs;
        return java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }
}
