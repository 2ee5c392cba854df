package dev.myelin.cli.train;

import dev.myelin.cli.base.CliException;
import dev.myelin.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size and SHA-256 of a run's data files (--data and --test when they are files), stored with its
 * checkpoints, so that {@code train --resume} refuses data that changed since (a CSV that gained rows
 * would otherwise resume into different weights and exit 0). Built-in sets (mnist, spiral, …) are
 * regenerated or checksummed by their own code and have no fingerprint.
 */
final class DataFingerprint {
    private DataFingerprint() {}

    /** {data-bytes, data-sha256, test-bytes, test-sha256} for the settings' files that exist. */
    static Map<String, String> of(TrainSettings s) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "data", s.data());
        put(m, "test", s.test());
        return m;
    }

    private static void put(Map<String, String> m, String key, String file) throws IOException {
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return;
        }
        Path p = Path.of(file);
        m.put(key + "-bytes", Long.toString(Files.size(p)));
        m.put(key + "-sha256", Checkpoint.sha256(p));
    }

    /** Refuses to resume when a fingerprinted file is now different, naming it and what changed. */
    static void check(Map<String, String> stored) throws IOException {
        for (String key : new String[] {"data", "test"}) {
            String bytes = stored.get(key + "-bytes");
            String sum = stored.get(key + "-sha256");
            String file = stored.get(key);
            if (bytes == null || sum == null || file == null) {
                continue;
            }
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new CliException("the --" + key + " file " + file + " of the checkpointed run is gone; resuming needs the same data");
            }
            long now = Files.size(p);
            if (!Long.toString(now).equals(bytes)) {
                throw new CliException("the --" + key + " file " + file + " changed since the checkpoint was written (" + bytes
                        + " bytes then, " + now + " now); resuming needs the same data (train again without --resume)");
            }
            if (!Checkpoint.sha256(p).equals(sum)) {
                throw new CliException("the --" + key + " file " + file + " changed since the checkpoint was written (same size, "
                        + "different SHA-256); resuming needs the same data (train again without --resume)");
            }
        }
    }
}
