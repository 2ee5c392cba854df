package dev.myelin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.io.AtomicFiles;
import dev.myelin.io.ModelFormatException;
import dev.myelin.io.ModelInfo;
import dev.myelin.io.NetworkFormatException;
import dev.myelin.io.NetworkJson;
import dev.myelin.io.SafeTensors;
import dev.myelin.layers.Buffer;
import dev.myelin.layers.Parameter;
import dev.myelin.layers.Shape;
import dev.myelin.nn.Sequential;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model files: a network, its weights and its {@link ModelInfo}, in the safetensors layout (see
 * {@link SafeTensors}) or, for names ending in {@code .json}, the JSON network format (a model whose
 * info says more than {@link ModelInfo#defaults} keeps it in that format's optional {@code "model_info"}
 * member, which {@link #load} reads back).
 *
 * <p>A safetensors model holds tensors {@code layers.{i}.weight} ([inputs, units]) and
 * {@code layers.{i}.bias} ([units]) in F32 or F64 (the network's precision), and string metadata:
 * {@code myelin.network} (the JSON network format without weights), {@code myelin.info}
 * ({@link ModelInfo#toJson()}), {@code myelin.seed} and {@code format}.
 *
 * <p>Loading is safe by design: the file size is checked against a limit before anything is read,
 * the header is validated as {@link SafeTensors#readHeader} describes, the network is built from the
 * {@code myelin.network} configuration with {@link NetworkJson#read}, the tensors must be exactly
 * those the network needs with exactly its shapes, and every weight must be finite. Every problem is
 * a {@link ModelFormatException} naming the file and what is wrong.
 */
public final class ModelFile {
    public static final long DEFAULT_MAX_BYTES = 2L << 30;
    public static final String NETWORK_KEY = "myelin.network";
    public static final String INFO_KEY = "myelin.info";
    public static final String SEED_KEY = "myelin.seed";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelFile() {}

    /** Writes a .safetensors file (or the JSON network format if the name ends in .json), atomically: temp file, fsync, rename. */
    public static void save(Path file, Model model) throws IOException {
        Network network = model.network();
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            // the info of a bare network is what the reader infers; anything more is kept in "model_info"
            ModelInfo info = model.info().equals(ModelInfo.defaults(network)) ? null : model.info();
            AtomicFiles.writeString(file, NetworkJson.write(network, info));
            return;
        }
        SafeTensors.write(file, tensors(network), metadata(model));
    }

    /**
     * The network's parameters and buffers as safetensors tensors, in the shapes their layers give
     * (a dense weight [inputs, units], a bias [units]).
     */
    static List<SafeTensors.Tensor> tensors(Sequential network) {
        List<SafeTensors.Tensor> out = new ArrayList<>();
        for (Map.Entry<String, Stored> e : stored(network).entrySet()) {
            out.add(new SafeTensors.Tensor(e.getKey(), e.getValue().shape().toLongs(), e.getValue().value()));
        }
        return out;
    }

    /** A tensor a model file holds: a parameter's or a buffer's values and file shape. */
    record Stored(Matrix value, Shape shape) {}

    /** Every parameter, then every buffer, by model-file name. */
    static Map<String, Stored> stored(Sequential network) {
        Map<String, Stored> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            out.put(e.getKey(), new Stored(e.getValue().value(), e.getValue().shape()));
        }
        for (Map.Entry<String, Buffer> e : network.namedBuffers().entrySet()) {
            out.put(e.getKey(), new Stored(e.getValue().value(), e.getValue().shape()));
        }
        return out;
    }

    private static Map<String, String> metadata(Model model) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "myelin");
        meta.put(NETWORK_KEY, NetworkJson.writeConfig(model.network()));
        meta.put(INFO_KEY, MAPPER.writeValueAsString(model.info().toJson()));
        meta.put(SEED_KEY, Long.toString(model.network().seed()));
        return meta;
    }

    /**
     * The bytes of the safetensors file {@link #save} would write (for sending a model over a network
     * or storing it elsewhere); written through a private temporary file, which is removed.
     */
    public static byte[] toBytes(Model model) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("myelin-model");
        Path file = dir.resolve("model.safetensors");
        try {
            save(file, model);
            return java.nio.file.Files.readAllBytes(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /**
     * Reads a safetensors model file from its bytes (see {@link #toBytes}) with every check of
     * {@link #load(Path)}; {@code name} names it in error messages.
     */
    public static Model fromBytes(byte[] bytes, String name) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("myelin-model");
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".safetensors");
        try {
            java.nio.file.Files.write(file, bytes);
            return load(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /** Reads .safetensors or .json, as stored (JSON in float32), with the default size limit. */
    public static Model load(Path file) throws IOException {
        return load(file, null, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads a model (the format is recognized by content: a safetensors file starts with its 8-byte
     * little-endian header length followed by '{'; a JSON file starts with '{').
     *
     * @param precision the precision to compute in, or null for the file's (F64 tensors → float64;
     *     JSON → float32)
     * @param maxBytes files larger than this are rejected before reading
     */
    public static Model load(Path file, Precision precision, long maxBytes) throws IOException {
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            // a named pipe would block the open until a writer comes; a device has no size and no end
            throw new ModelFormatException(file, "not a regular file (a folder, a device or a named pipe); give a model file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > maxBytes) {
                throw new ModelFormatException(file, "the file is " + size + " bytes, larger than the limit of " + maxBytes + " bytes");
            }
            checkNotUtf16(ch, size, file);
            if (looksLikeJson(ch, size)) {
                return loadJson(ch, file, size, precision, maxBytes);
            }
            return loadSafeTensors(ch, file, precision);
        }
    }

    /**
     * A JSON file saved as UTF-16 or UTF-32 (a byte-order mark, or zero bytes between ASCII letters) is
     * named as such rather than read as a safetensors length; a safetensors header never starts so.
     */
    private static void checkNotUtf16(FileChannel ch, long size, Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 16));
        ch.read(head, 0);
        byte[] b = java.util.Arrays.copyOf(head.array(), head.position());
        if (b.length >= 9) {
            long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (n >= 2 && n <= size - 8 && b[8] == '{') {
                return; // a safetensors file
            }
        }
        boolean bom16 = b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE));
        boolean zeros = b.length >= 4 && ((b[0] == 0 && b[1] == '{') || (b[0] == '{' && b[1] == 0)
                || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '{'));
        if (bom16 || zeros) {
            throw new ModelFormatException(file, "the file is UTF-16 or UTF-32 text; save the JSON network as UTF-8");
        }
    }

    /** True if the file starts (after a UTF-8 byte-order mark and whitespace) with '{' and is not a safetensors file whose length happens to start with 0x7B. */
    private static boolean looksLikeJson(FileChannel ch, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 64)).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(head, 0);
        head.flip();
        if (head.remaining() >= 9) {
            long n = head.getLong(0);
            if (n >= 2 && n <= size - 8 && head.get(8) == '{') {
                return false;
            }
        }
        if (head.remaining() >= 3 && head.get(0) == (byte) 0xEF && head.get(1) == (byte) 0xBB && head.get(2) == (byte) 0xBF) {
            head.position(3); // a UTF-8 byte-order mark, as some editors write
        }
        while (head.hasRemaining()) {
            byte b = head.get();
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private static Model loadJson(FileChannel ch, Path file, long size, Precision precision, long maxBytes)
            throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new ModelFormatException(file, "the file is " + size + " bytes, too large for the JSON network format");
        }
        ByteBuffer all = ByteBuffer.allocate((int) size);
        SafeTensors.readFully(ch, all, 0, file);
        String text = new String(all.array(), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Network network;
        ModelInfo info;
        try {
            // a network without weights is initialized in memory: bound it by the size limit, as if stored
            long maxParameters = Math.min(NetworkJson.MAX_PARAMETERS, Math.max(1, maxBytes / 4));
            JsonNode root = NetworkJson.parse(text);
            network = Network.of(NetworkJson.read(root, precision == null ? Precision.FLOAT32 : precision, 42,
                    maxParameters));
            info = NetworkJson.readInfo(root);
        } catch (NetworkFormatException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
        return info == null ? Model.of(network) : new Model(network, info);
    }

    private static Model loadSafeTensors(FileChannel ch, Path file, Precision precision) throws IOException {
        SafeTensors.Header h = SafeTensors.readHeader(ch, file);
        String config = h.metadata().get(NETWORK_KEY);
        if (config == null) {
            throw new ModelFormatException(file, "the header has no " + NETWORK_KEY
                    + " metadata, so the network's layers are unknown (only files written by Myelin can be loaded)");
        }
        if (precision == null) {
            precision = h.tensors().values().stream().anyMatch(e -> e.dtype().equals("F64")) ? Precision.FLOAT64 : Precision.FLOAT32;
        }
        long seed = 42;
        String seedText = h.metadata().get(SEED_KEY);
        if (seedText != null) {
            try {
                seed = Long.parseLong(seedText);
            } catch (NumberFormatException e) {
                throw new ModelFormatException(file, "the " + SEED_KEY + " metadata \"" + seedText + "\" is not a whole number");
            }
        }
        Network network;
        try {
            // the tensors the header declares (already checked against the file size) bound the network,
            // with room for small networks so that a missing tensor is reported as such
            long declared = h.tensors().values().stream().mapToLong(SafeTensors.Entry::elements).sum();
            network = Network.of(NetworkJson.read(NetworkJson.parse(config), precision, seed, Math.max(declared, 1 << 20)));
        } catch (NetworkFormatException e) {
            throw new ModelFormatException(file, "the " + NETWORK_KEY + " metadata is not a valid network: " + e.getMessage(), e);
        }
        Map<String, Stored> params = stored(network);
        for (String name : h.tensors().keySet()) {
            if (!params.containsKey(name)) {
                throw new ModelFormatException(file, "the header has a tensor named " + name + " that the network does not use");
            }
        }
        for (Map.Entry<String, Stored> p : params.entrySet()) {
            SafeTensors.Entry e = h.tensors().get(p.getKey());
            if (e == null) {
                throw new ModelFormatException(file, "the header has no tensor " + p.getKey() + ", which the network needs");
            }
            long[] want = p.getValue().shape().toLongs();
            if (!Arrays.equals(want, e.shape())) {
                throw new ModelFormatException(file, "tensor " + p.getKey() + " has shape " + e.shapeText() + " but the network needs "
                        + Arrays.toString(want));
            }
        }
        ModelInfo info = ModelInfo.defaults(network);
        String infoText = h.metadata().get(INFO_KEY);
        if (infoText != null) {
            try {
                info = ModelInfo.fromJson(MAPPER.readTree(infoText), INFO_KEY);
            } catch (JsonProcessingException e) {
                throw new ModelFormatException(file, "the " + INFO_KEY + " metadata is not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "the " + INFO_KEY + " metadata is not valid: " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Stored> p : params.entrySet()) {
            SafeTensors.readTensor(ch, file, h, h.tensors().get(p.getKey()), p.getValue().value());
        }
        return new Model(network, info);
    }
}
