package dev.myelin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.AtomicFiles;
import dev.myelin.io.ModelFormatException;
import dev.myelin.io.SafeTensors;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.History;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Training checkpoints: everything needed to continue a run so that it ends bit for bit where an
 * uninterrupted run would — the model, the optimizer's state tensors and step count, the epochs
 * done, the history rows, the dropout layers' random states and the training configuration.
 *
 * <p>Layout of a checkpoint directory:
 * <pre>
 *   dir/epoch-5/model.safetensors       the model ({@link ModelFile})
 *   dir/epoch-5/optimizer.safetensors   tensors "{parameter}.{slot}", e.g. layers.0.weight.exp_avg
 *   dir/epoch-5/manifest.json           epochs done, optimizer name and steps, RNG states, history,
 *                                       training config, and the size and SHA-256 of both files
 *   dir/latest                          "epoch-5": the newest complete checkpoint
 * </pre>
 * Every file is written atomically ({@link AtomicFiles}); the manifest is written after the files
 * it lists, and {@code latest} is switched only after the manifest, so a crash at any moment leaves
 * the previous complete checkpoint in force. Older {@code epoch-*} directories are deleted only
 * after {@code latest} points to the new one. Loading checks the manifest's sizes and hashes, so a
 * damaged file is caught before it is used.
 */
public final class Checkpoint {
    public static final String FORMAT = "myelin.checkpoint";
    public static final int VERSION = 1;
    public static final String LATEST = "latest";
    /** The manifest key that holds its own checksum. */
    public static final String CHECKSUM = "manifestSha256";
    static final String MODEL_FILE = "model.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String MANIFEST = "manifest.json";

    private static final Pattern DIR_NAME = Pattern.compile("epoch-\\d{1,9}(\\.\\d{1,9})?");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Checkpoint() {}

    /**
     * A checkpoint read back.
     *
     * @param model the model, in the precision it was saved in, dropout RNG states restored
     * @param epochsDone the number of epochs completed: continue with {@code Training.startEpoch(epochsDone)}
     * @param history the logged rows of the epochs done
     * @param trainingConfig the training settings saved with it (e.g. the command line's flags)
     * @param optimizerState the optimizer's slots and step count, bound to {@code model.network()}:
     *     pass it to {@code Trainer.start(data, optimizerState)}
     */
    public record Resumed(Model model, int epochsDone, List<Map<String, Double>> history, Map<String, String> trainingConfig,
            OptimizerState optimizerState) {}

    /** Saves a checkpoint without a training configuration. */
    public static void save(Path dir, Model model, OptimizerState optimizer, int epochsDone, History history) throws IOException {
        save(dir, model, optimizer, epochsDone, history, Map.of());
    }

    /** Saves a checkpoint with the history of this run and the training configuration. */
    public static void save(Path dir, Model model, OptimizerState optimizer, int epochsDone, History history,
            Map<String, String> trainingConfig) throws IOException {
        List<Map<String, Double>> rows = new ArrayList<>();
        if (history != null) {
            for (int e = 0; e < history.epochs(); e++) {
                rows.add(history.epoch(e));
            }
        }
        save(dir, model, optimizer, epochsDone, rows, trainingConfig);
    }

    /**
     * Saves a checkpoint with explicit history rows (e.g. the rows of a resumed run followed by the
     * new ones) into {@code dir/epoch-{epochsDone}}, then points {@code dir/latest} at it and removes
     * older checkpoints.
     */
    public static void save(Path dir, Model model, OptimizerState optimizer, int epochsDone, List<Map<String, Double>> history,
            Map<String, String> trainingConfig) throws IOException {
        if (epochsDone < 0) {
            throw new IllegalArgumentException("epochs done must be ≥ 0, got " + epochsDone);
        }
        Files.createDirectories(dir);
        String name = "epoch-" + epochsDone;
        for (int k = 1; Files.exists(dir.resolve(name)); k++) {
            name = "epoch-" + epochsDone + "." + k;
        }
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        Network network = model.network();
        ModelFile.save(target.resolve(MODEL_FILE), model);
        if (!optimizer.updates(network.parameters())) {
            throw new IllegalArgumentException("the optimizer state belongs to another network than the model being saved");
        }
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : optimizer.tensors().entrySet()) {
            String pn = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            tensors.add(new SafeTensors.Tensor(e.getKey(), network.namedParameters().get(pn).shape().toLongs(), e.getValue()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("myelin.optimizer", optimizer.optimizer().name());
        meta.put("myelin.steps", Long.toString(optimizer.steps()));
        SafeTensors.write(target.resolve(OPTIMIZER_FILE), tensors, meta);

        ObjectNode m = MAPPER.createObjectNode();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("epochsDone", epochsDone);
        m.put("optimizer", optimizer.optimizer().name());
        m.put("steps", optimizer.steps());
        ArrayNode rng = m.putArray("rngStates");
        for (long s : network.rngStates()) {
            rng.add(Long.toString(s));
        }
        ObjectNode files = m.putObject("files");
        for (String f : List.of(MODEL_FILE, OPTIMIZER_FILE)) {
            Path p = target.resolve(f);
            files.putObject(f).put("bytes", Files.size(p)).put("sha256", sha256(p));
        }
        ArrayNode h = m.putArray("history");
        for (Map<String, Double> row : history) {
            ObjectNode o = h.addObject();
            row.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    o.put(k, v);
                } else {
                    o.put(k, v.toString());
                }
            });
        }
        ObjectNode cfg = m.putObject("trainingConfig");
        // sorted by key, so the same settings always give the same bytes
        new java.util.TreeMap<>(trainingConfig == null ? Map.<String, String>of() : trainingConfig).forEach(cfg::put);
        m.put(CHECKSUM, checksum(m));
        AtomicFiles.writeString(target.resolve(MANIFEST), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
        AtomicFiles.syncDirectory(target);
        AtomicFiles.writeString(dir.resolve(LATEST), name + "\n");
        deleteOthers(dir, name);
    }

    private static void deleteOthers(Path dir, String keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.equals(keep) && DIR_NAME.matcher(n).matches() && Files.isDirectory(p)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // Old checkpoints that cannot be deleted are left behind; the new one is complete.
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                for (Path c : entries) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /**
     * Restores the newest complete checkpoint in {@code dir}: the model (a fresh network of the saved
     * architecture and precision), and a state of {@code optimizer} (which must be of the kind saved)
     * bound to that network, with the saved slot tensors and step count.
     */
    public static Resumed load(Path dir, Optimizer optimizer) throws IOException {
        Path target = dir.resolve(latest(dir));
        Path manifestFile = target.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelFormatException(target, "the checkpoint has no " + MANIFEST + ", so it is incomplete");
        }
        if (Files.size(manifestFile) > SafeTensors.MAX_HEADER_BYTES) {
            throw new ModelFormatException(manifestFile, "the manifest is larger than " + SafeTensors.MAX_HEADER_BYTES + " bytes");
        }
        JsonNode m;
        try {
            m = MAPPER.readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(manifestFile, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFormatException(manifestFile, "the manifest is not UTF-8 text");
        }
        verifyChecksum(m, manifestFile);
        CheckpointManifest man = CheckpointManifest.parse(m, manifestFile);
        for (String f : List.of(MODEL_FILE, OPTIMIZER_FILE)) {
            Path p = target.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new ModelFormatException(p, "the checkpoint's manifest lists this file but it is missing");
            }
            JsonNode entry = m.get("files").get(f);
            if (entry == null || Files.size(p) != entry.path("bytes").asLong(-1) || !sha256(p).equals(entry.path("sha256").asText())) {
                throw new ModelFormatException(p, "the file differs from the one the checkpoint's manifest lists (size or SHA-256)");
            }
        }
        if (!man.optimizer().equals(optimizer.name())) {
            throw new ModelFormatException(manifestFile, "the checkpoint was saved with the optimizer " + man.optimizer()
                    + ", not " + optimizer.name());
        }
        Model model = ModelFile.load(target.resolve(MODEL_FILE));
        Network network = model.network();
        OptimizerState state = optimizer.start(network);
        restoreOptimizer(target.resolve(OPTIMIZER_FILE), state);
        state.setSteps(man.steps());
        long[] rng = man.rngStates();
        if (rng.length != network.rngStates().length) {
            throw new ModelFormatException(manifestFile, "the manifest has " + rng.length + " dropout random states but the network has "
                    + network.rngStates().length + " dropout layers");
        }
        network.setRngStates(rng);
        return new Resumed(model, man.epochsDone(), man.history(), man.trainingConfig(), state);
    }

    private static void restoreOptimizer(Path file, OptimizerState state) throws IOException {
        Optimizer optimizer = state.optimizer();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensors.Header h = SafeTensors.readHeader(ch, file);
            Map<String, Matrix> expected = state.tensors();
            for (String n : h.tensors().keySet()) {
                if (!expected.containsKey(n)) {
                    throw new ModelFormatException(file, "the header has a tensor named " + n + " that " + optimizer.name()
                            + " does not keep");
                }
            }
            for (Map.Entry<String, Matrix> e : expected.entrySet()) {
                SafeTensors.Entry entry = h.tensors().get(e.getKey());
                if (entry == null) {
                    throw new ModelFormatException(file, "the header has no tensor " + e.getKey() + ", which " + optimizer.name() + " needs");
                }
                long[] want = state.parameters().get(e.getKey().substring(0, e.getKey().lastIndexOf('.'))).shape().toLongs();
                if (!Arrays.equals(want, entry.shape())) {
                    throw new ModelFormatException(file, "tensor " + e.getKey() + " has shape " + entry.shapeText()
                            + " but the network needs " + Arrays.toString(want));
                }
                SafeTensors.readTensor(ch, file, h, entry, e.getValue());
            }
        }
    }

    /** The directory name of the newest complete checkpoint: from {@code latest}, else the highest epoch with a manifest. */
    private static String latest(Path dir) throws IOException {
        Path pointer = dir.resolve(LATEST);
        if (Files.isRegularFile(pointer)) {
            if (Files.size(pointer) > 256) {
                throw new ModelFormatException(pointer, "the file is too large to be a checkpoint pointer");
            }
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            if (!DIR_NAME.matcher(name).matches()) {
                throw new ModelFormatException(pointer, "expected the name of a checkpoint directory like epoch-5, found \"" + name + "\"");
            }
            return name;
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such checkpoint directory");
        }
        String best = null;
        double bestKey = -1;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (DIR_NAME.matcher(n).matches() && Files.isRegularFile(p.resolve(MANIFEST))) {
                    String[] parts = n.substring("epoch-".length()).split("\\.");
                    double key = Long.parseLong(parts[0]) + (parts.length > 1 ? 1 - 1.0 / (1 + Long.parseLong(parts[1])) : 0);
                    if (key > bestKey) {
                        bestKey = key;
                        best = n;
                    }
                }
            }
        }
        if (best == null) {
            throw new ModelFormatException(dir, "no complete checkpoint here (no " + LATEST + " file and no epoch-N/" + MANIFEST + ")");
        }
        return best;
    }

    /**
     * The manifest's checksum: SHA-256 of its compact JSON without the {@value #CHECKSUM} key. It makes
     * an edited manifest (epochs done, steps, random states, settings) fail loudly instead of resuming
     * into different weights; it is a checksum against mistakes, not a signature against forgery.
     */
    static String checksum(ObjectNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove(CHECKSUM);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(MAPPER.writeValueAsBytes(copy)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot compute a manifest checksum", e);
        }
    }

    /** Adds (or replaces) the checksum of a manifest's JSON text, e.g. for tests that write manifests by hand. */
    public static String withChecksum(String manifestJson) throws IOException {
        JsonNode m = MAPPER.readTree(manifestJson);
        if (!(m instanceof ObjectNode o)) {
            return manifestJson;
        }
        o.put(CHECKSUM, checksum(o));
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static void verifyChecksum(JsonNode m, Path manifestFile) {
        if (!(m instanceof ObjectNode o)) {
            return; // CheckpointManifest.parse names what is wrong
        }
        JsonNode stored = o.get(CHECKSUM);
        if (stored == null || !stored.isTextual()) {
            throw new ModelFormatException(manifestFile, "the manifest has no " + CHECKSUM
                    + ", so it cannot be checked (was it written by an older Myelin, or by hand?)");
        }
        if (!stored.asText().equals(checksum(o))) {
            throw new ModelFormatException(manifestFile, "the manifest was changed after it was written (its "
                    + CHECKSUM + " does not match its content); resuming from it would not continue the run it records");
        }
    }

    /** The SHA-256 of a file's bytes in lowercase hex, read in 64 KiB chunks (the hash checkpoints record). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
