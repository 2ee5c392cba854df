package dev.myelin.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.nn.Sequential;
import dev.myelin.data.Scaler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model file holds besides the weights: stored as the JSON string of the {@code myelin.info}
 * metadata entry of a safetensors file.
 * <pre>{@code
 * {"task": "classification", "featureNames": ["x1", "x2"], "labelName": "label",
 *  "classNames": ["no", "yes"], "scaler": {"kind": "minmax", "offset": [..], "scale": [..]},
 *  "featureCrosses": ["x1", "x2", "x1sq"], "provenance": {"library": "myelin 0.1.0", "seed": "42"}}
 * }</pre>
 * A regression model trained on standardized targets also has {@code "targetScaler": {"kind": "standard",
 * "offset": [μ], "scale": [σ]}}: the network's output a is in standardized units and the prediction is
 * ŷ = a·σ + μ ({@link #unscaleTargets}). The key is optional: files without it (all older ones) load
 * with no target scaling.
 *
 * @param task "classification" or "regression"
 * @param featureNames the input column names (may be empty)
 * @param labelName the target column name, or null
 * @param classNames the class names, in output order; empty for regression
 * @param scaler the feature scaling fitted on the training data, or null for none
 * @param featureCrosses derived input features, e.g. ["x1", "x2", "x1sq"]; empty when none
 * @param provenance library version, seed, data set, hyperparameters, final metrics, created time
 * @param targetScaler the scaling of the regression targets fitted on the training data (one column per
 *     output), or null when the network predicts the targets directly
 */
public record ModelInfo(
        String task,
        List<String> featureNames,
        String labelName,
        List<String> classNames,
        Scaler scaler,
        List<String> featureCrosses,
        Map<String, String> provenance,
        Scaler targetScaler) {

    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";

    private static final Set<String> KEYS = Set.of("task", "featureNames", "labelName", "classNames", "scaler",
            "featureCrosses", "provenance", "targetScaler");

    public ModelInfo {
        if (!CLASSIFICATION.equals(task) && !REGRESSION.equals(task)) {
            throw new IllegalArgumentException("the task must be \"classification\" or \"regression\", got " + task);
        }
        featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        featureCrosses = featureCrosses == null ? List.of() : List.copyOf(featureCrosses);
        provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** An info without target scaling (the network's outputs are the predictions). */
    public ModelInfo(String task, List<String> featureNames, String labelName, List<String> classNames, Scaler scaler,
            List<String> featureCrosses, Map<String, String> provenance) {
        this(task, featureNames, labelName, classNames, scaler, featureCrosses, provenance, null);
    }

    /** The same info with {@code targetScaler} (null for none). */
    public ModelInfo withTargetScaler(Scaler targetScaler) {
        return new ModelInfo(task, featureNames, labelName, classNames, scaler, featureCrosses, provenance, targetScaler);
    }

    /**
     * The predictions from the network's outputs (rows × outputs): ŷ = a·scale + offset per column
     * when the targets were scaled, else the outputs themselves (the same matrix).
     */
    public dev.myelin.tensor.Matrix unscaleTargets(dev.myelin.tensor.Matrix outputs) {
        return targetScaler == null ? outputs : targetScaler.inverseTransform(outputs);
    }

    /**
     * The info of a bare network: the task inferred from the output activation (softmax or sigmoid →
     * classification, anything else → regression), no names, no scaler, empty provenance.
     */
    public static ModelInfo defaults(Sequential network) {
        return new ModelInfo(inferTask(network), List.of(), null, List.of(), null, List.of(), Map.of());
    }

    /** "classification" if the output activation is softmax or sigmoid, else "regression". */
    public static String inferTask(Sequential network) {
        String act = network.outputActivation().name();
        return act.equals("softmax") || act.equals("sigmoid") ? CLASSIFICATION : REGRESSION;
    }

    /** True if the task is classification. */
    public boolean isClassification() {
        return CLASSIFICATION.equals(task);
    }

    /** This info as a JSON object (the {@code myelin.info} metadata). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("task", task);
        strings(o.putArray("featureNames"), featureNames);
        if (labelName == null) {
            o.putNull("labelName");
        } else {
            o.put("labelName", labelName);
        }
        strings(o.putArray("classNames"), classNames);
        if (scaler == null) {
            o.putNull("scaler");
        } else {
            o.set("scaler", scaler.toJson());
        }
        strings(o.putArray("featureCrosses"), featureCrosses);
        ObjectNode p = o.putObject("provenance");
        provenance.forEach(p::put);
        if (targetScaler != null) {
            o.set("targetScaler", targetScaler.toJson());
        }
        return o;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /**
     * Reads {@link #toJson()}'s form strictly: only known keys; {@code task} required; lists of
     * strings; provenance values strings. Errors are {@link IllegalArgumentException}s whose message
     * starts with the JSON path under {@code path}.
     */
    public static ModelInfo fromJson(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + ": expected an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(path + "." + k + ": unknown key (allowed here: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode task = node.get("task");
        if (task == null || !task.isTextual() || !(task.asText().equals(CLASSIFICATION) || task.asText().equals(REGRESSION))) {
            throw new IllegalArgumentException(path + ".task: expected \"classification\" or \"regression\", found "
                    + (task == null ? "nothing" : task.toString()));
        }
        JsonNode label = node.get("labelName");
        if (label != null && !label.isNull() && !label.isTextual()) {
            throw new IllegalArgumentException(path + ".labelName: expected a string or null, found " + label);
        }
        JsonNode scalerNode = node.get("scaler");
        Scaler scaler = scalerNode == null || scalerNode.isNull() ? null : Scaler.fromJson(scalerNode, path + ".scaler");
        JsonNode targetNode = node.get("targetScaler");
        Scaler targetScaler = targetNode == null || targetNode.isNull() ? null
                : Scaler.fromJson(targetNode, path + ".targetScaler");
        Map<String, String> provenance = new LinkedHashMap<>();
        JsonNode p = node.get("provenance");
        if (p != null) {
            if (!p.isObject()) {
                throw new IllegalArgumentException(path + ".provenance: expected an object of strings, found " + p.getNodeType());
            }
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException(path + ".provenance." + e.getKey() + ": expected a string, found "
                            + e.getValue());
                }
                provenance.put(e.getKey(), e.getValue().asText());
            }
        }
        return new ModelInfo(task.asText(), stringList(node, "featureNames", path), label == null || label.isNull() ? null
                : label.asText(), stringList(node, "classNames", path), scaler, stringList(node, "featureCrosses", path),
                provenance, targetScaler);
    }

    private static List<String> stringList(JsonNode node, String key, String path) {
        JsonNode a = node.get(key);
        if (a == null) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException(path + "." + key + ": expected an array of strings, found " + a.getNodeType());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw new IllegalArgumentException(path + "." + key + "[" + i + "]: expected a string, found " + a.get(i));
            }
            out.add(a.get(i).asText());
        }
        return out;
    }
}
