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
import dev.myelin.nn.Sequential;
import dev.myelin.init.Rng;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerConfig;
import dev.myelin.layers.LayerFormatException;
import dev.myelin.layers.LayerRegistry;
import dev.myelin.layers.LayerType;
import dev.myelin.layers.Shape;
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
 * initialized ({@code "init"} names the initializer; biases start at 0). An optional top-level
 * {@code "model_info"} object holds what a model file keeps beside the weights, in the form of
 * {@link ModelInfo#toJson()} (task, feature and class names, scaler, provenance); a file without it
 * is a bare network.
 *
 * <p>Each layer object is read by the factory its {@code "type"} is registered under in the
 * {@link LayerRegistry} (dense and dropout are built in; a user's own type reads and writes the same
 * way) and written by {@link Layer#writeConfig}: this class knows no layer type.
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

    /** The optional top-level member that keeps a model's {@link ModelInfo} (class names, scaler, provenance). */
    public static final String MODEL_INFO = "model_info";

    private static final Set<String> TOP_KEYS = Set.of("format", "version", "inputs", "layers", MODEL_INFO);

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
    public static Sequential read(String json, Precision precision, long seed) {
        return read(parse(json), precision, seed);
    }

    /** Reads a parsed network with the default parameter limit ({@link #MAX_PARAMETERS}). */
    public static Sequential read(JsonNode root, Precision precision, long seed) {
        return read(root, precision, seed, MAX_PARAMETERS);
    }

    /**
     * Reads a network of at most {@code maxParameters} parameters: the count is checked layer by layer
     * before any weight matrix is allocated, so a short file cannot claim gigabytes.
     */
    public static Sequential read(JsonNode root, Precision precision, long seed, long maxParameters) {
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
        readInfo(root); // an optional member, but a wrong one is named here, not ignored
        int inputs = requireInt(root, "inputs", "", 1, 100_000_000);
        JsonNode layersNode = root.get("layers");
        if (layersNode == null) {
            throw new NetworkFormatException("layers", "missing");
        }
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw new NetworkFormatException("layers", "expected a non-empty array of layers, found " + kind(layersNode));
        }
        List<Layer> layers = new ArrayList<>();
        Shape shape = Shape.of(inputs);
        long[] parameters = {0};
        for (int i = 0; i < layersNode.size(); i++) {
            String path = "layers[" + i + "]";
            JsonNode l = layersNode.get(i);
            if (!l.isObject()) {
                throw new NetworkFormatException(path, "expected a layer object, found " + kind(l));
            }
            String type = requireText(l, "type", path + ".");
            LayerType factory = LayerRegistry.get(type);
            if (factory == null) {
                throw new NetworkFormatException(path + ".type", "unknown layer type \"" + type + "\": expected "
                        + expectedTypes());
            }
            LayerConfig config = new LayerConfig(l, path, shape, precision, Rng.derive(seed, i), n -> {
                parameters[0] += n;
                if (parameters[0] > maxParameters) {
                    throw new LayerFormatException(path, "the network would have over " + maxParameters
                            + " parameters, more than this reader accepts here");
                }
            });
            Layer layer;
            try {
                layer = factory.read(config);
            } catch (LayerFormatException e) {
                throw new NetworkFormatException(e.path(), e.problem());
            }
            layers.add(layer);
            shape = layer.outputShape();
        }
        return new Sequential(inputs, layers, precision, seed);
    }

    /**
     * The model info in the optional {@value #MODEL_INFO} member of a parsed network, or null if the
     * file has none (a bare network).
     *
     * @throws NetworkFormatException naming the JSON path (e.g. {@code model_info.classNames[1]}) if the
     *     member is not a valid {@link ModelInfo#toJson()} object
     */
    public static ModelInfo readInfo(JsonNode root) {
        JsonNode node = root.get(MODEL_INFO);
        if (node == null) {
            return null;
        }
        try {
            return ModelInfo.fromJson(node, MODEL_INFO);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            return colon < 0 ? fail(MODEL_INFO, message) : fail(message.substring(0, colon), message.substring(colon + 2));
        }
    }

    private static ModelInfo fail(String path, String problem) {
        throw new NetworkFormatException(path, problem);
    }

    /** The built-in types, {@code "dense" or "dropout"}: a user who registered a type knows its name. */
    private static String expectedTypes() {
        List<String> types = LayerRegistry.builtInTypes().stream().map(t -> "\"" + t + "\"").toList();
        return types.size() == 1 ? types.get(0) : String.join(", ", types.subList(0, types.size() - 1)) + " or "
                + types.get(types.size() - 1);
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

    private static String kind(JsonNode v) {
        return LayerConfig.kind(v);
    }

    /** The network with its weights, as a JSON tree. */
    public static ObjectNode toTree(Sequential network, boolean includeWeights) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("inputs", network.inputs());
        ArrayNode layers = root.putArray("layers");
        for (Layer l : network.layers()) {
            ObjectNode o = layers.addObject();
            o.put("type", l.type());
            l.writeConfig(o, includeWeights);
        }
        return root;
    }

    /** The network in the JSON format, weights included, one layer per line. */
    public static String write(Sequential network) {
        return format(toTree(network, true));
    }

    /**
     * The network in the JSON format, weights included, followed by {@code info} in the
     * {@value #MODEL_INFO} member (left out when {@code info} is null, giving {@link #write(Sequential)}'s text).
     */
    public static String write(Sequential network, ModelInfo info) {
        ObjectNode root = toTree(network, true);
        if (info != null) {
            root.set(MODEL_INFO, info.toJson());
        }
        return format(root);
    }

    /** The configuration alone (no weights or biases), as stored in model files. */
    public static String writeConfig(Sequential network) {
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
            sb.append(']');
            if (root.has(MODEL_INFO)) {
                sb.append(",\n \"" + MODEL_INFO + "\": ").append(MAPPER.writeValueAsString(root.get(MODEL_INFO)));
            }
            return sb.append("}\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
