package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.cli.base.ModelFormat;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.onnx.OnnxFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code myelin convert IN OUT}: a model from one file format to another, each recognized by its
 * extension: {@code .safetensors} (Myelin's model file), {@code .onnx} (ONNX, for ONNX Runtime and
 * every other tool; PyTorch exports come in this way), {@code .json} (the JSON network format, which
 * keeps the layers and weights but not the scaler or class names).
 */
@Command(name = "convert", sortOptions = false,
        description = "Convert a model between .safetensors, .onnx and .json, formats chosen by the file extensions. "
                + "ONNX exports take raw features (the scaler is part of the graph); ONNX imports read multilayer "
                + "perceptrons as torch.onnx.export writes them.",
        footer = {"", "Examples:",
            "  myelin convert iris.safetensors iris.onnx     (for ONNX Runtime and other tools)",
            "  myelin convert torch.onnx torch.safetensors   (a PyTorch MLP, served in Java)",
            "  myelin convert iris.onnx iris.json"})
public final class ConvertCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IN", description = "The model to read (.safetensors, .onnx or .json).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.safetensors, .onnx or .json).")
    Path out;

    @Override
    protected int run() throws Exception {
        ModelFormat from = format(in, "IN");
        ModelFormat to = format(out, "OUT");
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new UsageException("IN and OUT are the same file (" + in + "); name another OUT");
        }
        if (Files.isDirectory(out)) {
            throw new UsageException(out + " is a folder; OUT must be a file name ending in " + to.extension());
        }
        Model model = ModelInput.load(in);
        if (to == ModelFormat.ONNX) {
            OnnxFile.save(model, out);
        } else {
            ModelFile.save(out, model);
        }
        PrintWriter w = out();
        w.printf(Locale.ROOT, "converted %s (%s) to %s (%s, %,d bytes): %d layers, %,d parameters%n", in,
                from.name().toLowerCase(Locale.ROOT), out, to.name().toLowerCase(Locale.ROOT), Files.size(out),
                model.network().layers().size(), model.network().parameterCount());
        if (to == ModelFormat.ONNX && model.info().targetScaler() != null) {
            w.println("note: the target scaling is folded into the last layer's weights, so " + out
                    + " predicts in the target's units");
        }
        return 0;
    }

    private static ModelFormat format(Path file, String which) {
        ModelFormat f = ModelFormat.of(file);
        if (f == null) {
            throw new UsageException(which + " " + file + " has no known model extension: use .safetensors, .onnx or .json");
        }
        return f;
    }
}
