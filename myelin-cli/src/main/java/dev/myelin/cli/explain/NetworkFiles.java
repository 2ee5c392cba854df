package dev.myelin.cli.explain;

import dev.myelin.Network;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.cli.base.UsageException;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the networks and batches that {@code explain} and {@code gradcheck} take on the command line. */
final class NetworkFiles {
    private NetworkFiles() {}

    /** A JSON network file (with weights) or a model file, in float64. */
    static Network readFloat64(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new CliException("no such network file: " + file);
        }
        if (file.toString().endsWith(".json")) {
            String json = Files.readString(file);
            if (!json.contains("\"weights\"")) {
                throw new CliException(file + " has no weights: explain and gradcheck need a network with explicit weights");
            }
            return Network.fromJson(json, Precision.FLOAT64, 42);
        }
        Network n = ModelInput.load(file).network();
        return Network.fromJson(n.toJson(), Precision.FLOAT64, n.seed());
    }

    /** "2,9;1,0" → {{2, 9}, {1, 0}}: examples separated by ';', values by ','. */
    static double[][] batch(String option, String text, int width) {
        String[] rows = text.trim().split(";");
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = rows[r].trim().split("[,\\s]+");
            if (cells.length != width) {
                throw new UsageException(option + ": example " + (r + 1) + " has " + cells.length + " values, the network needs "
                        + width + " (separate values with ',' and examples with ';')");
            }
            out[r] = new double[width];
            for (int i = 0; i < width; i++) {
                try {
                    out[r][i] = Double.parseDouble(cells[i]);
                } catch (NumberFormatException e) {
                    throw new UsageException(option + ": '" + cells[i] + "' in example " + (r + 1) + " is not a number");
                }
            }
        }
        return out;
    }
}
