package dev.myelin.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The safetensors container (Hugging Face): a generic, validating reader and writer of named
 * tensors. Layout:
 * <pre>
 *   bytes 0..7       N, the header length, unsigned little-endian
 *   bytes 8..8+N−1   the header: UTF-8 JSON, padded with spaces so that 8 + N is a multiple of 8
 *                    {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
 *                     "__metadata__": {"key": "string value", ...}}
 *   bytes 8+N..end   the data section: each tensor's elements, row-major, little-endian, at
 *                    [begin, end) relative to the start of the data section
 * </pre>
 * Reading checks everything before any tensor is used: the header length against the file size and
 * {@link #MAX_HEADER_BYTES}; that the header is a JSON object without duplicate keys; that every
 * entry has exactly dtype (F32 or F64), shape (whole numbers) and data_offsets whose span is
 * elements × dtype size; that the tensors are contiguous, do not overlap and cover the data section
 * exactly; that metadata values are strings; and, when a tensor is read, that every value is finite.
 * Nothing is ever deserialized as Java objects. Each problem is a {@link ModelFormatException} naming
 * the file.
 */
public final class SafeTensors {
    /** The largest header accepted (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /**
     * The most JSON tokens in a header (each brace, key and value is one): a model's header has a few
     * dozen, plus its metadata strings; the bound keeps a header of millions of empty objects from
     * building a tree of gigabytes before it is refused.
     */
    public static final long MAX_HEADER_TOKENS = 100_000L;
    public static final String METADATA = "__metadata__";

    private static final int CHUNK = 1 << 20;
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectMapper MAPPER = mapper();

    private SafeTensors() {}

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxNumberLength(40).maxStringLength((int) MAX_HEADER_BYTES)
                .maxTokenCount(MAX_HEADER_TOKENS).build());
        return m;
    }

    /**
     * A tensor to write: {@code values} holds its elements row-major (any rows × cols whose size is
     * the product of {@code shape}); the dtype is F32 or F64 by the matrix's precision.
     */
    public record Tensor(String name, long[] shape, Matrix values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.size()) {
                throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds " + n
                        + " values but the matrix has " + values.size());
            }
        }
    }

    /** One validated header entry; {@code begin}/{@code end} are byte offsets in the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        /** The number of elements: the product of the shape. */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape as written in headers and messages, e.g. {@code [2, 3]}. */
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /**
     * A validated header.
     *
     * @param tensors the entries by name, in data order
     * @param metadata the string metadata (empty if none)
     * @param dataStart the file offset of the data section, 8 + N
     * @param dataLength the length of the data section in bytes
     */
    public record Header(Map<String, Entry> tensors, Map<String, String> metadata, long dataStart, long dataLength) {}

    /** Writes {@code tensors} (in this order) and string {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            AtomicFiles.writeFully(ch, len);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                Matrix m = t.values();
                int n = m.size();
                for (int i = 0; i < n; i++) {
                    if (buf.remaining() < 8) {
                        AtomicFiles.writeFully(ch, buf.flip());
                        buf.clear();
                    }
                    if (m.isFloat()) {
                        buf.putFloat(m.floats()[i]);
                    } else {
                        buf.putDouble(m.doubles()[i]);
                    }
                }
            }
            AtomicFiles.writeFully(ch, buf.flip());
        });
    }

    /** The header bytes: JSON, padded with spaces so that 8 + length is a multiple of 8. */
    static byte[] header(List<Tensor> tensors, Map<String, String> metadata) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        long offset = 0;
        for (Tensor t : tensors) {
            if (root.has(t.name()) || METADATA.equals(t.name())) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is used twice or reserved");
            }
            ObjectNode e = root.putObject(t.name());
            String dtype = t.values().isFloat() ? "F32" : "F64";
            e.put("dtype", dtype);
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long bytes = (long) t.values().size() * (t.values().isFloat() ? 4 : 8);
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a safetensors header", e);
        }
        if (json.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the model file's header would be " + json.length + " bytes, over the limit of "
                    + MAX_HEADER_BYTES + " that loading accepts (are names or class labels very long?); nothing was written");
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** Reads and validates the header of an open file (see the class comment for every check). */
    public static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new ModelFormatException(file, "the file is " + size + " bytes, too short for a safetensors header (at least 8 bytes)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file, "the header length " + Long.toUnsignedString(n)
                    + " is larger than the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (n > size - 8) {
            throw new ModelFormatException(file, "the header length " + n + " goes past the end of the file ("
                    + size + " bytes)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, file);
        JsonNode root;
        try {
            root = MAPPER.readTree(hb.array());
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file, "the header is not valid JSON" + jsonProblem(e));
        } catch (java.io.CharConversionException e) {
            throw new ModelFormatException(file, "the header is not UTF-8 JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file, "the header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (METADATA.equals(name)) {
                if (!v.isObject()) {
                    throw new ModelFormatException(file, "the header's " + METADATA + " is not an object of strings");
                }
                for (Map.Entry<String, JsonNode> m : v.properties()) {
                    if (!m.getValue().isTextual()) {
                        throw new ModelFormatException(file, "the metadata value " + m.getKey() + " is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                }
            } else {
                entries.add(entry(file, name, v));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < expected) {
                throw new ModelFormatException(file, "tensors " + previous.name() + " and " + e.name() + " overlap ("
                        + previous.name() + " ends at byte " + expected + ", " + e.name() + " begins at byte " + e.begin() + ")");
            }
            if (e.begin() > expected) {
                throw new ModelFormatException(file, "the data section has a gap: tensor " + e.name() + " begins at byte "
                        + e.begin() + " but the tensors before it end at byte " + expected);
            }
            if (e.end() > dataLength) {
                throw new ModelFormatException(file, "the header says tensor " + e.name() + " ends at byte " + e.end()
                        + " but the file has " + dataLength + " data bytes");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new ModelFormatException(file, "the file has " + dataLength + " data bytes but the tensors cover only "
                    + expected);
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        return new Header(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(metadata), dataStart, dataLength);
    }

    /** " at byte 31 (unexpected end of the header)": where and what, in words rather than the parser's. */
    static String jsonProblem(JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        java.util.regex.Matcher dup = Pattern.compile("Duplicate (?:field|Object property) '(.*)'").matcher(msg);
        if (msg.startsWith("Unexpected end-of-input")) {
            what = "unexpected end of the header";
        } else if (msg.startsWith("Trailing token")) {
            what = "there is more after the top-level object";
        } else if (msg.startsWith("Token count") || msg.contains("maxTokenCount")) {
            what = "more than " + MAX_HEADER_TOKENS + " JSON tokens, the limit for a header";
        } else if (dup.find()) {
            what = "the key \"" + dup.group(1) + "\" appears twice";
        } else {
            int cut = msg.indexOf('\n');
            what = (cut < 0 ? msg : msg.substring(0, cut)).replaceAll(" \\(.*$", "").strip();
        }
        long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        return (at >= 0 ? " at byte " + at + " of the header" : "") + " (" + what + ")";
    }

    private static Entry entry(Path file, String name, JsonNode v) {
        if (!v.isObject()) {
            throw new ModelFormatException(file, "the header entry " + name + " is not an object with dtype, shape and data_offsets");
        }
        for (String k : ENTRY_KEYS) {
            if (!v.has(k)) {
                throw new ModelFormatException(file, "tensor " + name + " has no " + k);
            }
        }
        if (v.size() != ENTRY_KEYS.size()) {
            throw new ModelFormatException(file, "tensor " + name + " has keys other than dtype, shape and data_offsets");
        }
        JsonNode dt = v.get("dtype");
        String dtype = dt.isTextual() ? dt.asText() : dt.toString();
        if (!dtype.equals("F32") && !dtype.equals("F64")) {
            throw new ModelFormatException(file, "tensor " + name + " has dtype " + dtype + "; only F32 and F64 are supported");
        }
        JsonNode s = v.get("shape");
        if (!s.isArray() || s.size() > 8) {
            throw new ModelFormatException(file, "tensor " + name + " has a shape that is not a list of at most 8 sizes");
        }
        long[] shape = new long[s.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = s.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, "tensor " + name + " has shape " + s + ", which is not a list of whole numbers from 0 to "
                        + Integer.MAX_VALUE);
            }
            shape[i] = d.asLong();
            elements *= shape[i];
            if (elements > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, "tensor " + name + " has shape " + s + ", over " + Integer.MAX_VALUE + " values");
            }
        }
        JsonNode o = v.get("data_offsets");
        if (!o.isArray() || o.size() != 2 || !isOffset(o.get(0)) || !isOffset(o.get(1)) || o.get(0).asLong() > o.get(1).asLong()) {
            throw new ModelFormatException(file, "tensor " + name + " has data_offsets " + o
                    + ", which is not a pair [begin, end] of whole numbers with begin ≤ end");
        }
        long begin = o.get(0).asLong(), end = o.get(1).asLong();
        long bytes = elements * (dtype.equals("F32") ? 4 : 8);
        if (end - begin != bytes) {
            throw new ModelFormatException(file, "tensor " + name + " has shape " + Arrays.toString(shape) + " of " + dtype + " ("
                    + bytes + " bytes) but its data_offsets span " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static boolean isOffset(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0;
    }

    /**
     * Reads tensor {@code e} into {@code into} (whose size must equal its element count), converting
     * to {@code into}'s precision; rejects NaN and infinite values, naming the tensor and the index.
     */
    public static void readTensor(FileChannel ch, Path file, Header h, Entry e, Matrix into) throws IOException {
        if (e.elements() != into.size()) {
            throw new IllegalArgumentException("tensor " + e.name() + " has " + e.elements() + " values, the matrix " + into.size());
        }
        boolean f32 = e.dtype().equals("F32");
        int width = f32 ? 4 : 8;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, e.end() - e.begin()))).order(ByteOrder.LITTLE_ENDIAN);
        long pos = h.dataStart() + e.begin();
        int index = 0;
        int n = into.size();
        while (index < n) {
            int count = (int) Math.min((long) (n - index), buf.capacity() / width);
            buf.clear().limit(count * width);
            readFully(ch, buf, pos, file);
            buf.flip();
            pos += (long) count * width;
            for (int k = 0; k < count; k++, index++) {
                double v = f32 ? buf.getFloat() : buf.getDouble();
                if (!Double.isFinite(v)) {
                    throw new ModelFormatException(file, "tensor " + e.name() + " has a non-finite value (" + v + ") at index " + index);
                }
                if (into.isFloat()) {
                    float fv = (float) v;
                    if (!Float.isFinite(fv)) {
                        throw new ModelFormatException(file, "tensor " + e.name() + " has the value " + v + " at index " + index
                                + ", too large for float32");
                    }
                    into.floats()[index] = fv;
                } else {
                    into.doubles()[index] = v;
                }
            }
        }
    }

    /** Reads a tensor into a new matrix of {@code rows} × {@code cols} in {@code precision}. */
    public static Matrix readTensor(FileChannel ch, Path file, Header h, Entry e, int rows, int cols, Precision precision)
            throws IOException {
        Matrix m = Matrix.zeros(rows, cols, precision);
        readTensor(ch, file, h, e, m);
        return m;
    }

    /**
     * Fills {@code buf} from {@code ch} starting at byte {@code position}; a file that ends first is a
     * {@link ModelFormatException} naming {@code file} and the byte where it ended.
     */
    public static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new ModelFormatException(file, "the file ended at byte " + pos + " while reading it (was it changed meanwhile?)");
            }
            pos += r;
        }
    }
}
