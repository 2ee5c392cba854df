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
import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.activations.Elu;
import dev.myelin.activations.LeakyRelu;
import dev.myelin.init.Initializer;
import dev.myelin.init.Rng;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON network format, an external contract:
 * <pre>{@code
 * {"format": "myelin.network", "version": 1, "inputs": 2,
 *  "layers": [
 *    {"type": "dense", "units": 3, "activation": "sigmoid",
 *     "weights": [[0.2, 0.6, 0.1], [0.8, 0.3, 0.7]], "bias": [0.1, 0.1, 0.1]},
 *    {"type": "dropout", "rate": 0.2},
 *    {"type": "dense", "units": 1, "activation": "sigmoid", "weights": [[0.4], [0.5], [0.9]], "bias": [0.2]}]}
 * }</pre>
 * {@code weights} has one row per input of the layer and one column per unit. {@code leaky_relu} and
 * {@code elu} may carry {@code "alpha"}. {@code weights} and {@code bias} may be left out; they are then
 * initialized ({@code "init"} names the initializer; biases start at 0).
 *
 * <p>Reading is strict: a wrong format or version, an unknown key or type, a shape that does not fit,
 * a non-finite number — each gives a {@link NetworkFormatException} naming the JSON path, e.g.
 * {@code layers[2].weights[1]: expected 3 values, found 2}. Numbers are written in the shortest form
 * that reads back to the same float or double, so writing then reading gives the same bits.
 */
public final class NetworkJson {
    public static final String FORMAT = "myelin.network";
    public static final int VERSION = 1;
    /** The largest network the reader accepts, in parameters (guards memory against hostile files). */
    public static final long MAX_PARAMETERS = 200_000_000L;

    private static final ObjectMapper MAPPER = mapper();

    private static final Set<String> TOP_KEYS = Set.of("format", "version", "inputs", "layers");
    private static final Set<String> DENSE_KEYS = Set.of("type", "units", "activation", "alpha", "weights", "bias", "init");
    private static final Set<String> DROPOUT_KEYS = Set.of("type", "rate");

    private NetworkJson() {}

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(400).maxStringLength(50_000_000).build());
        return m;
    }

    /** Parses JSON text into a tree, with a clear error for malformed text. */
    public static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new NetworkFormatException("(root)", "the file is empty, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage();
            if (why != null && why.startsWith("Non-standard token")) {
                why = why.replaceFirst(":.*", "") + ": NaN and Infinity are not JSON numbers";
            } else if (why != null && why.startsWith("Trailing token")) {
                why = "there is more after the network's object (only one JSON object may be in the file)";
            }
            throw new NetworkFormatException("(root)", "not valid JSON" + where + ": " + why);
        }
    }

    /** Reads a network; layers without weights are initialized from {@code seed}. */
    public static Network read(String json, Precision precision, long seed) {
        return read(parse(json), precision, seed);
    }

    public static Network read(JsonNode root, Precision precision, long seed) {
        return read(root, precision, seed, MAX_PARAMETERS);
    }

    /**
     * Reads a network of at most {@code maxParameters} parameters: the count is checked layer by layer
     * before any weight matrix is allocated, so a short file cannot claim gigabytes.
     */
    public static Network read(JsonNode root, Precision precision, long seed, long maxParameters) {
        if (!root.isObject()) {
            throw new NetworkFormatException("(root)", "expected a JSON object, found " + kind(root));
        }
        checkKeys(root, TOP_KEYS, "");
        String format = requireText(root, "format", "");
        if (!FORMAT.equals(format)) {
            throw new NetworkFormatException("format", "expected \"" + FORMAT + "\", found \"" + format + "\"");
        }
        int version = requireInt(root, "version", "", 1, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new NetworkFormatException("version", "this reader knows version " + VERSION + ", found " + version);
        }
        int inputs = requireInt(root, "inputs", "", 1, 100_000_000);
        JsonNode layersNode = root.get("layers");
        if (layersNode == null) {
            throw new NetworkFormatException("layers", "missing");
        }
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw new NetworkFormatException("layers", "expected a non-empty array of layers, found " + kind(layersNode));
        }
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        long parameters = 0;
        for (int i = 0; i < layersNode.size(); i++) {
            String path = "layers[" + i + "]";
            JsonNode l = layersNode.get(i);
            if (!l.isObject()) {
                throw new NetworkFormatException(path, "expected a layer object, found " + kind(l));
            }
            String type = requireText(l, "type", path + ".");
            long layerSeed = Rng.derive(seed, i);
            switch (type) {
                case "dense" -> {
                    checkKeys(l, DENSE_KEYS, path + ".");
                    int units = requireInt(l, "units", path + ".", 1, 100_000_000);
                    parameters += (long) width * units + units;
                    if (parameters > maxParameters) {
                        throw new NetworkFormatException(path, "the network would have over " + maxParameters
                                + " parameters, more than this reader accepts here");
                    }
                    layers.add(readDense(l, path, width, units, precision, layerSeed));
                    width = units;
                }
                case "dropout" -> {
                    checkKeys(l, DROPOUT_KEYS, path + ".");
                    double rate = requireNumber(l, "rate", path + ".");
                    if (!(rate >= 0 && rate < 1)) {
                        throw new NetworkFormatException(path + ".rate", "expected a rate in [0, 1), found " + rate);
                    }
                    layers.add(new Dropout(width, rate, layerSeed));
                }
                default -> throw new NetworkFormatException(path + ".type",
                        "unknown layer type \"" + type + "\": expected \"dense\" or \"dropout\"");
            }
        }
        return Network.of(inputs, layers, precision, seed);
    }

    private static Dense readDense(JsonNode l, String path, int fanIn, int units, Precision precision, long seed) {
        String actName = requireText(l, "activation", path + ".");
        Activation activation;
        try {
            activation = Activation.byName(actName);
        } catch (IllegalArgumentException e) {
            throw new NetworkFormatException(path + ".activation", e.getMessage());
        }
        if (l.has("alpha")) {
            double alpha = requireNumber(l, "alpha", path + ".");
            try {
                activation = switch (activation.name()) {
                    case "leaky_relu" -> Activation.leakyRelu(alpha);
                    case "elu" -> Activation.elu(alpha);
                    default -> throw new IllegalArgumentException(
                            "only leaky_relu and elu take an alpha, not " + activation.name());
                };
            } catch (IllegalArgumentException e) {
                throw new NetworkFormatException(path + ".alpha", e.getMessage());
            }
        }
        Matrix w = Matrix.zeros(fanIn, units, precision);
        Matrix b = Matrix.zeros(1, units, precision);
        JsonNode weights = l.get("weights");
        if (weights != null) {
            if (l.has("init")) {
                throw new NetworkFormatException(path + ".init", "give either weights or an initializer, not both");
            }
            String wp = path + ".weights";
            if (!weights.isArray()) {
                throw new NetworkFormatException(wp, "expected an array of " + fanIn + " rows, found " + kind(weights));
            }
            if (weights.size() != fanIn) {
                throw new NetworkFormatException(wp, "expected " + fanIn + " rows (one per input), found " + weights.size());
            }
            for (int i = 0; i < fanIn; i++) {
                JsonNode row = weights.get(i);
                readRow(row, wp + "[" + i + "]", units, w, i * units);
            }
        } else {
            Initializer init = NetworkBuilder.defaultFor(activation);
            if (l.has("init")) {
                String name = requireText(l, "init", path + ".");
                try {
                    init = Initializer.byName(name);
                } catch (IllegalArgumentException e) {
                    throw new NetworkFormatException(path + ".init", e.getMessage());
                }
            }
            init.fill(w, new Rng(seed));
        }
        JsonNode bias = l.get("bias");
        if (bias != null) {
            readRow(bias, path + ".bias", units, b, 0);
        }
        return new Dense(w, b, activation);
    }

    private static void readRow(JsonNode row, String path, int expected, Matrix into, int offset) {
        if (!row.isArray()) {
            throw new NetworkFormatException(path, "expected an array of " + expected + " values, found " + kind(row));
        }
        if (row.size() != expected) {
            throw new NetworkFormatException(path, "expected " + expected + " values, found " + row.size());
        }
        for (int j = 0; j < expected; j++) {
            JsonNode v = row.get(j);
            if (!v.isNumber()) {
                throw new NetworkFormatException(path + "[" + j + "]", "expected a number, found " + kind(v));
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d) || (into.isFloat() && !Float.isFinite((float) d))) {
                throw new NetworkFormatException(path + "[" + j + "]", "the number is too large for "
                        + (into.isFloat() ? "float32" : "float64"));
            }
            into.set(offset + j, d);
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!allowed.contains(k)) {
                throw new NetworkFormatException(prefix + k, "unknown key (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requireText(JsonNode node, String key, String prefix) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new NetworkFormatException(prefix + key, "missing");
        }
        if (!v.isTextual()) {
            throw new NetworkFormatException(prefix + key, "expected a string, found " + kind(v));
        }
        return v.asText();
    }

    private static int requireInt(JsonNode node, String key, String prefix, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new NetworkFormatException(prefix + key, "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new NetworkFormatException(prefix + key, "expected a whole number from " + min + " to " + max + ", found " + v);
        }
        return v.intValue();
    }

    private static double requireNumber(JsonNode node, String key, String prefix) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new NetworkFormatException(prefix + key, "missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new NetworkFormatException(prefix + key, "expected a finite number, found " + v);
        }
        return v.doubleValue();
    }

    private static String kind(JsonNode v) {
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
            default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The network with its weights, as a JSON tree. */
    public static ObjectNode toTree(Network network, boolean includeWeights) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("inputs", network.inputs());
        ArrayNode layers = root.putArray("layers");
        for (Layer l : network.layers()) {
            ObjectNode o = layers.addObject();
            o.put("type", l.type());
            if (l instanceof Dense d) {
                o.put("units", d.outputs());
                o.put("activation", d.activation().name());
                if (d.activation() instanceof LeakyRelu lr && lr.alpha() != LeakyRelu.DEFAULT_ALPHA) {
                    o.put("alpha", lr.alpha());
                } else if (d.activation() instanceof Elu e && e.alpha() != Elu.DEFAULT_ALPHA) {
                    o.put("alpha", e.alpha());
                }
                if (includeWeights) {
                    Matrix w = d.weights();
                    ArrayNode rows = o.putArray("weights");
                    for (int i = 0; i < w.rows(); i++) {
                        ArrayNode row = rows.addArray();
                        for (int j = 0; j < w.cols(); j++) {
                            addNumber(row, w, i * w.cols() + j);
                        }
                    }
                    ArrayNode bias = o.putArray("bias");
                    for (int j = 0; j < d.bias().size(); j++) {
                        addNumber(bias, d.bias(), j);
                    }
                }
            } else if (l instanceof Dropout d) {
                o.put("rate", d.rate());
            }
        }
        return root;
    }

    private static void addNumber(ArrayNode array, Matrix m, int index) {
        if (m.isFloat()) {
            array.add(m.floats()[index]);
        } else {
            array.add(m.doubles()[index]);
        }
    }

    /** The network in the JSON format, weights included, one layer per line. */
    public static String write(Network network) {
        return format(toTree(network, true));
    }

    /** The configuration alone (no weights or biases), as stored in model files. */
    public static String writeConfig(Network network) {
        return format(toTree(network, false));
    }

    private static String format(ObjectNode root) {
        try {
            String head = "{\"format\": \"" + FORMAT + "\", \"version\": " + VERSION + ", \"inputs\": "
                    + root.get("inputs").asInt() + ",\n \"layers\": [";
            StringBuilder sb = new StringBuilder(head);
            ArrayNode layers = (ArrayNode) root.get("layers");
            for (int i = 0; i < layers.size(); i++) {
                sb.append(i == 0 ? "\n   " : ",\n   ").append(MAPPER.writeValueAsString(layers.get(i)));
            }
            return sb.append("]}\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
