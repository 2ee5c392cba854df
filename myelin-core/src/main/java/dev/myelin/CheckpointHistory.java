package dev.myelin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.AtomicFiles;
import dev.myelin.io.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint directory's training history as an append-only file, one JSON object per epoch and
 * line ({@code dir/history.jsonl}), so that saving a checkpoint costs the same at epoch 3,000 as at
 * epoch 1: each save appends the new rows and the manifest records how far the file is valid.
 *
 * <p>The manifest's {@code "historyFile": {"rows": n, "bytes": b, "chain": h}} says the history is the
 * first n lines, b bytes, of the file, and h is a hash chain over them: h₀ = "", hₖ = hex(SHA-256(hₖ₋₁ ‖
 * lineₖ ‖ "\n")), so one more line costs one hash of one line. Bytes beyond b are the tail of a save
 * that crashed before its manifest: reading ignores them and the next save cuts them off. A file
 * shorter than b, or whose lines do not give h, is refused naming the file. Appending never touches
 * the first b bytes, so the checkpoint {@code latest} points to stays valid while the next is written.
 * When the rows to save do not continue the file (a new run in an old directory), the file is
 * rewritten atomically.
 */
final class CheckpointHistory {
    static final String FILE = "history.jsonl";
    static final String KEY = "historyFile";
    /** More history than any real run writes (about 100 bytes an epoch). */
    static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CheckpointHistory() {}

    /** How much of the history file a checkpoint covers. */
    record Ref(int rows, long bytes, String chain) {
        void writeTo(ObjectNode manifest) {
            manifest.putObject(KEY).put("rows", rows).put("bytes", bytes).put("chain", chain);
        }
    }

    /** The manifest's reference, or null if it has none (a checkpoint with its history inline). */
    static Ref parse(JsonNode manifest, Path manifestFile) {
        JsonNode h = manifest.get(KEY);
        if (h == null) {
            return null;
        }
        JsonNode rows = h.path("rows"), bytes = h.path("bytes"), chain = h.path("chain");
        if (!h.isObject() || h.size() != 3 || !rows.isInt() || rows.asInt() < 0 || !bytes.isIntegralNumber()
                || !bytes.canConvertToLong() || bytes.asLong() < 0 || bytes.asLong() > MAX_BYTES || !chain.isTextual()
                || !chain.asText().matches("|[0-9a-f]{64}")) {
            throw new ModelFormatException(manifestFile, KEY + " must be {\"rows\": n, \"bytes\": b, \"chain\": SHA-256 hex}, found " + h);
        }
        return new Ref(rows.asInt(), bytes.asLong(), chain.asText());
    }

    /**
     * Makes the file hold {@code rows}, appending to what {@code previous} (the latest checkpoint's
     * reference, may be null) covers when the rows continue it, else rewriting it; returns the new reference.
     */
    static Ref save(Path dir, Ref previous, List<Map<String, Double>> rows) throws IOException {
        Path file = dir.resolve(FILE);
        if (continues(file, previous, rows)) {
            StringBuilder text = new StringBuilder();
            String chain = previous.chain();
            for (int i = previous.rows(); i < rows.size(); i++) {
                String line = line(rows.get(i));
                chain = chain(chain, line);
                text.append(line).append('\n');
            }
            byte[] add = text.toString().getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(previous.bytes());
                ByteBuffer b = ByteBuffer.wrap(add);
                long at = previous.bytes();
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
                ch.force(true);
            }
            return new Ref(rows.size(), previous.bytes() + add.length, chain);
        }
        StringBuilder text = new StringBuilder();
        String chain = "";
        for (Map<String, Double> row : rows) {
            String line = line(row);
            chain = chain(chain, line);
            text.append(line).append('\n');
        }
        byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, all);
        return new Ref(rows.size(), all.length, chain);
    }

    /** True if the file holds {@code previous}'s rows and its last line is the row {@code rows} has there. */
    private static boolean continues(Path file, Ref previous, List<Map<String, Double>> rows) throws IOException {
        if (previous == null || previous.rows() > rows.size() || !Files.isRegularFile(file) || Files.size(file) < previous.bytes()) {
            return false;
        }
        if (previous.rows() == 0) {
            return previous.bytes() == 0;
        }
        byte[] last = (line(rows.get(previous.rows() - 1)) + "\n").getBytes(StandardCharsets.UTF_8);
        if (last.length > previous.bytes()) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(last.length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = previous.bytes() - last.length;
            while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                // read until full
            }
        }
        return Arrays.equals(b.array(), last);
    }

    /** The rows {@code ref} covers, checked against its byte count and hash chain. */
    static List<Map<String, Double>> read(Path dir, Ref ref) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "the checkpoint's manifest lists " + ref.rows() + " history rows in this file but it is missing");
        }
        long size = Files.size(file);
        if (size < ref.bytes()) {
            throw new ModelFormatException(file, "the history file has " + size + " bytes but the checkpoint's " + ref.rows()
                    + " epochs need " + ref.bytes() + ": it was cut off");
        }
        byte[] bytes = new byte[(int) ref.bytes()];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read the covered prefix; a longer file's tail is a save that did not finish
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] parts = text.split("\n", -1);
        List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(parts).subList(0, parts.length - 1);
        String chain = "";
        for (String line : lines) {
            chain = chain(chain, line);
        }
        if (!text.isEmpty() && !text.endsWith("\n") || lines.size() != ref.rows() || !chain.equals(ref.chain())) {
            throw new ModelFormatException(file, "the history file differs from the one the checkpoint's manifest lists ("
                    + ref.rows() + " rows, " + ref.bytes() + " bytes, hash chain)");
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode o;
            try {
                o = MAPPER.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new ModelFormatException(file, "line " + (i + 1) + " is not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (o == null || !o.isObject()) {
                throw new ModelFormatException(file, "line " + (i + 1) + " is not a JSON object");
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                row.put(e.getKey(), CheckpointManifest.number(e.getValue(), file, "line " + (i + 1) + ": " + e.getKey()));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /** One epoch's row as one line of compact JSON; non-finite values as the strings NaN, Infinity, -Infinity. */
    static String line(Map<String, Double> row) {
        ObjectNode o = MAPPER.createObjectNode();
        row.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                o.put(k, v);
            } else {
                o.put(k, v.toString());
            }
        });
        return o.toString();
    }

    /** hₖ = hex(SHA-256(hₖ₋₁ ‖ line ‖ "\n")). */
    static String chain(String previous, String line) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(previous.getBytes(StandardCharsets.UTF_8));
            d.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
