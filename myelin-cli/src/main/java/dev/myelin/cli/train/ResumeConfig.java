package dev.myelin.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.cli.base.CliException;
import dev.myelin.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the settings stored with a checkpoint before the checkpoint itself is loaded (loading needs
 * an optimizer of the stored kind). Only the manifest's {@code trainingConfig} is read here;
 * {@link Checkpoint#load} then validates the whole checkpoint.
 */
public final class ResumeConfig {
    private static final Pattern DIR_NAME = Pattern.compile("epoch-\\d{1,9}(\\.\\d{1,9})?");
    private static final long MAX_MANIFEST_BYTES = 64L << 20;

    private ResumeConfig() {}

    /** The settings of the newest checkpoint in {@code dir}; refuses data files that changed since it was written. */
    public static TrainSettings read(Path dir) throws IOException {
        Map<String, String> m = readMap(dir);
        DataFingerprint.check(m);
        return TrainSettings.fromMap(m, dir);
    }

    /** The stored settings as written, with the data files' fingerprints. */
    static Map<String, String> readMap(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CliException("no checkpoint folder " + dir + " (--resume takes the --checkpoint-dir of an earlier run)");
        }
        Path manifest = dir.resolve(latest(dir)).resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new CliException(dir + " has no complete checkpoint (" + manifest + " is missing)");
        }
        if (Files.size(manifest) > MAX_MANIFEST_BYTES) {
            throw new CliException(manifest + " is too large to be a checkpoint manifest");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(manifest, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(manifest + " is not valid JSON; the checkpoint is damaged", e);
        }
        JsonNode cfg = root == null ? null : root.get("trainingConfig");
        if (cfg == null || !cfg.isObject() || cfg.isEmpty()) {
            throw new CliException(dir + " holds a checkpoint without the command's settings, so 'train --resume' cannot "
                    + "repeat them (it was not written by 'myelin train --checkpoint-dir')");
        }
        Map<String, String> m = new LinkedHashMap<>();
        cfg.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static String latest(Path dir) throws IOException {
        Path pointer = dir.resolve(Checkpoint.LATEST);
        if (Files.isRegularFile(pointer) && Files.size(pointer) < 256) {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            if (DIR_NAME.matcher(name).matches()) {
                return name;
            }
        }
        String best = null;
        long bestEpoch = -1;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (DIR_NAME.matcher(n).matches() && Files.isRegularFile(p.resolve("manifest.json"))) {
                    long e = Long.parseLong(n.substring("epoch-".length()).split("\\.")[0]);
                    if (e > bestEpoch) {
                        bestEpoch = e;
                        best = n;
                    }
                }
            }
        }
        if (best == null) {
            throw new CliException(dir + " has no checkpoint (no " + Checkpoint.LATEST + " file and no epoch-N folder)");
        }
        return best;
    }
}
