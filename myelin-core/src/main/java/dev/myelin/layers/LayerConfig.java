package dev.myelin.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One layer's JSON object as a {@link LayerType} reads it, with what the reader knows around it:
 * the JSON path ({@code layers[2]}), the per-example input shape (the previous layer's output), the
 * precision to build in and the layer's own seed. The {@code require…} helpers read strictly: each
 * problem is a {@link LayerFormatException} naming the JSON path, e.g.
 * {@code layers[2].weights[1]: expected 3 values, found 2}.
 *
 * <p>The static {@code write…} helpers write numbers in the shortest form that reads back to the same
 * float or double, so a layer written and read again is bit for bit the same.
 */
public final class LayerConfig {
    private final JsonNode node;
    private final String path;
    private final Shape input;
    private final Precision precision;
    private final long seed;
    private final LongConsumer parameterBudget;

    /**
     * @param parameterBudget told how many parameter values a layer is about to allocate, before it
     *     does; throws a {@link LayerFormatException} if the network would grow past what the reader accepts
     */
    public LayerConfig(JsonNode node, String path, Shape input, Precision precision, long seed,
            LongConsumer parameterBudget) {
        this.node = node;
        this.path = path;
        this.input = input;
        this.precision = precision;
        this.seed = seed;
        this.parameterBudget = parameterBudget;
    }

    /** The layer's JSON object. */
    public JsonNode node() {
        return node;
    }

    /** Its JSON path, e.g. {@code layers[2]}. */
    public String path() {
        return path;
    }

    /** The per-example shape the layer receives. */
    public Shape inputShape() {
        return input;
    }

    /** The precision to build the layer's tensors in. */
    public Precision precision() {
        return precision;
    }

    /** The seed for this layer's initial weights or random state (derived from the network seed and index). */
    public long seed() {
        return seed;
    }

    /** Reports {@code count} parameter values before they are allocated, so a short file cannot claim gigabytes. */
    public void reserveParameters(long count) {
        parameterBudget.accept(count);
    }

    /** A {@link LayerFormatException} at {@code key} of this layer ({@code layers[2].key}). */
    public LayerFormatException error(String key, String problem) {
        return new LayerFormatException(key == null ? path : path + "." + key, problem);
    }

    /** Fails on any key outside {@code allowed}. */
    public void checkKeys(Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!allowed.contains(k)) {
                throw error(k, "unknown key (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** True if the key is present. */
    public boolean has(String key) {
        return node.has(key);
    }

    /** A string value. */
    public String requireText(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw error(key, "missing");
        }
        if (!v.isTextual()) {
            throw error(key, "expected a string, found " + kind(v));
        }
        return v.asText();
    }

    /** A whole number in [min, max]. */
    public int requireInt(String key, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw error(key, "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw error(key, "expected a whole number from " + min + " to " + max + ", found " + v);
        }
        return v.intValue();
    }

    /** A finite number. */
    public double requireNumber(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw error(key, "missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw error(key, "expected a finite number, found " + v);
        }
        return v.doubleValue();
    }

    /** Reads {@code key}, an array of {@code rows} arrays of {@code cols} numbers, into {@code into} (row-major). */
    public void readMatrix(String key, int rows, int cols, Matrix into) {
        JsonNode m = node.get(key);
        String p = path + "." + key;
        if (!m.isArray()) {
            throw new LayerFormatException(p, "expected an array of " + rows + " rows, found " + kind(m));
        }
        if (m.size() != rows) {
            throw new LayerFormatException(p, "expected " + rows + " rows (one per input), found " + m.size());
        }
        for (int i = 0; i < rows; i++) {
            readRow(m.get(i), p + "[" + i + "]", cols, into, i * cols);
        }
    }

    /** Reads {@code key}, an array of {@code n} numbers, into the first n values of {@code into}. */
    public void readVector(String key, int n, Matrix into) {
        readRow(node.get(key), path + "." + key, n, into, 0);
    }

    private static void readRow(JsonNode row, String path, int expected, Matrix into, int offset) {
        if (!row.isArray()) {
            throw new LayerFormatException(path, "expected an array of " + expected + " values, found " + kind(row));
        }
        if (row.size() != expected) {
            throw new LayerFormatException(path, "expected " + expected + " values, found " + row.size());
        }
        for (int j = 0; j < expected; j++) {
            JsonNode v = row.get(j);
            if (!v.isNumber()) {
                throw new LayerFormatException(path + "[" + j + "]", "expected a number, found " + kind(v));
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d) || (into.isFloat() && !Float.isFinite((float) d))) {
                throw new LayerFormatException(path + "[" + j + "]", "the number is too large for "
                        + (into.isFloat() ? "float32" : "float64"));
            }
            into.set(offset + j, d);
        }
    }

    /** Writes {@code m} (rows × cols) under {@code key} as an array of rows. */
    public static void writeMatrix(ObjectNode out, String key, Matrix m) {
        ArrayNode rows = out.putArray(key);
        for (int i = 0; i < m.rows(); i++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < m.cols(); j++) {
                addNumber(row, m, i * m.cols() + j);
            }
        }
    }

    /** Writes every value of {@code m} under {@code key} as one flat array. */
    public static void writeVector(ObjectNode out, String key, Matrix m) {
        ArrayNode values = out.putArray(key);
        for (int j = 0; j < m.size(); j++) {
            addNumber(values, m, j);
        }
    }

    private static void addNumber(ArrayNode array, Matrix m, int index) {
        if (m.isFloat()) {
            array.add(m.floats()[index]);
        } else {
            array.add(m.doubles()[index]);
        }
    }

    /** How a JSON value is described in messages: {@code the string "abc"}, {@code an array of 3}. */
    public static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + (v.asText().length() > 40 ? v.asText().substring(0, 40) + "…" : v.asText()) + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array of " + v.size();
            case OBJECT -> "an object";
            case BOOLEAN -> v.asText();
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
