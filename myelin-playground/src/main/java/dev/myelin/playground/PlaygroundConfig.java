package dev.myelin.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.data.FeatureCross;
import dev.myelin.data.Synthetic;
import dev.myelin.optim.Optimizers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Everything a session is set up from: the data, the network and the training settings, as the page
 * sends them (JSON) and keeps them in its URL. Reading is strict: unknown keys, wrong types and values
 * out of range are {@link HttpError}s (400, or 413 beyond {@link Limits}) naming the field.
 *
 * @param problem "classification" or "regression"
 * @param dataset a synthetic set name (see {@link Synthetic#NAMES}) or "csv" for the uploaded file
 * @param points examples generated (training + test) for synthetic sets
 * @param ratio percentage of the examples used for training (10–90)
 * @param noise the playground's noise slider, 0–50
 * @param dataSeed the seed of the data (regenerate draws a new one)
 * @param batch the batch size
 * @param features the input features of synthetic sets (x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)
 * @param layers the hidden layers, input side first
 * @param outputActivation "auto" or an activation name for the output layer
 * @param loss "auto" or a loss name
 * @param optimizer an optimizer name (see {@link Optimizers#NAMES})
 * @param learningRate the learning rate α
 * @param regularization "none", "l1" or "l2"
 * @param regularizationRate λ
 * @param earlyStopping patience in epochs on the test loss, 0 for off
 * @param speed epochs computed per frame
 * @param initSeed the seed of the initial weights and dropout masks
 * @param planeX the feature (uploaded data: column index) on the plane's horizontal axis
 * @param planeY the feature on the vertical axis
 */
public record PlaygroundConfig(
        String problem, String dataset, int points, int ratio, double noise, long dataSeed, int batch,
        List<String> features, List<LayerSpec> layers, String outputActivation, String loss, String optimizer,
        double learningRate, String regularization, double regularizationRate, int earlyStopping, int speed,
        long initSeed, int planeX, int planeY) {

    /** One hidden layer: its width, activation and the dropout rate applied after it. */
    public record LayerSpec(int units, String activation, double dropout) {}

    public static final List<String> HIDDEN_ACTIVATIONS =
            List.of("tanh", "relu", "sigmoid", "identity", "leaky_relu", "elu", "gelu", "softplus");
    public static final List<String> OUTPUT_ACTIVATIONS = List.of("auto", "sigmoid", "softmax", "tanh", "identity");
    public static final List<String> LOSSES =
            List.of("auto", "binary_cross_entropy", "categorical_cross_entropy", "mse", "half_sse");
    public static final List<String> REGULARIZATIONS = List.of("none", "l1", "l2");

    private static final Set<String> KEYS = Set.of("problem", "dataset", "points", "ratio", "noise", "dataSeed", "batch",
            "features", "layers", "outputActivation", "loss", "optimizer", "learningRate", "regularization",
            "regularizationRate", "earlyStopping", "speed", "initSeed", "planeX", "planeY");
    private static final Set<String> LAYER_KEYS = Set.of("units", "activation", "dropout");

    /** The TensorFlow Playground's start: circle, 2 inputs, hidden 4 and 2 tanh, learning rate 0.03. */
    public static PlaygroundConfig defaults() {
        return new PlaygroundConfig("classification", "circle", 500, 50, 0, 1, 10, List.of("x1", "x2"),
                List.of(new LayerSpec(4, "tanh", 0), new LayerSpec(2, "tanh", 0)), "auto", "auto", "sgd", 0.03,
                "none", 0, 0, 1, 42, 0, 1);
    }

    public boolean isRegression() {
        return problem.equals("regression");
    }

    public boolean isCsv() {
        return dataset.equals("csv");
    }

    /** The defaults overridden by the fields present in {@code node}. */
    public static PlaygroundConfig fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("the configuration must be a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!KEYS.contains(k)) {
                throw HttpError.badRequest("unknown configuration key \"" + k + "\"");
            }
        }
        PlaygroundConfig d = defaults();
        String problem = oneOf(node, "problem", d.problem, List.of("classification", "regression"));
        List<String> sets = new ArrayList<>(Synthetic.NAMES);
        sets.add("csv");
        String dataset = oneOf(node, "dataset", d.dataset, sets);
        if (!dataset.equals("csv") && Synthetic.isRegression(dataset) != problem.equals("regression")) {
            throw HttpError.badRequest("the data set \"" + dataset + "\" is for " + (Synthetic.isRegression(dataset)
                    ? "regression" : "classification") + ", but the problem type is " + problem);
        }
        int points = integer(node, "points", d.points, 20, Limits.MAX_POINTS, true);
        int ratio = integer(node, "ratio", d.ratio, 10, 90, false);
        double noise = number(node, "noise", d.noise, 0, 50);
        long dataSeed = (long) number(node, "dataSeed", d.dataSeed, 0, 1e15);
        int batch = integer(node, "batch", d.batch, 1, Limits.MAX_POINTS, true);
        List<String> features = features(node.get("features"), d.features);
        List<LayerSpec> layers = layers(node.get("layers"), d.layers);
        String outAct = oneOf(node, "outputActivation", d.outputActivation, OUTPUT_ACTIVATIONS);
        String loss = oneOf(node, "loss", d.loss, LOSSES);
        String optimizer = oneOf(node, "optimizer", d.optimizer, Optimizers.NAMES);
        double lr = number(node, "learningRate", d.learningRate, 1e-6, 10);
        String reg = oneOf(node, "regularization", d.regularization, REGULARIZATIONS);
        double regRate = number(node, "regularizationRate", d.regularizationRate, 0, 10);
        int early = integer(node, "earlyStopping", d.earlyStopping, 0, 10_000, false);
        int speed = integer(node, "speed", d.speed, 1, Limits.MAX_EPOCHS_PER_FRAME, false);
        long initSeed = (long) number(node, "initSeed", d.initSeed, 0, 1e15);
        int px = integer(node, "planeX", d.planeX, 0, Limits.MAX_CSV_FEATURES - 1, false);
        int py = integer(node, "planeY", d.planeY, 0, Limits.MAX_CSV_FEATURES - 1, false);
        return new PlaygroundConfig(problem, dataset, points, ratio, noise, dataSeed, batch, features, layers, outAct,
                loss, optimizer, lr, reg, regRate, early, speed, initSeed, px, py);
    }

    private static String oneOf(JsonNode node, String key, String fallback, List<String> allowed) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw HttpError.badRequest(key + " must be one of " + String.join(", ", allowed) + ", got " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode node, String key, double fallback, double min, double max) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            throw HttpError.badRequest(key + " must be a number from " + min + " to " + max + ", got " + v);
        }
        return v.asDouble();
    }

    private static int integer(JsonNode node, String key, int fallback, int min, int max, boolean capIsLimit) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw HttpError.badRequest(key + " must be a whole number, got " + v);
        }
        if (capIsLimit && v.asLong() > max) {
            throw HttpError.tooLarge(key + " is " + v.asLong() + ", above the server's limit of " + max);
        }
        if (v.asLong() < min || v.asLong() > max) {
            throw HttpError.badRequest(key + " must be from " + min + " to " + max + ", got " + v);
        }
        return v.asInt();
    }

    private static List<String> features(JsonNode v, List<String> fallback) {
        if (v == null) {
            return fallback;
        }
        if (!v.isArray() || v.isEmpty() || v.size() > FeatureCross.values().length) {
            throw HttpError.badRequest("features must be a list of 1 to 7 feature names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode f : v) {
            if (!f.isTextual()) {
                throw HttpError.badRequest("features must be names such as \"x1\", got " + f);
            }
            try {
                String label = FeatureCross.byName(f.asText()).label();
                if (out.contains(label)) {
                    throw HttpError.badRequest("feature \"" + label + "\" is listed twice");
                }
                out.add(label);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<LayerSpec> layers(JsonNode v, List<LayerSpec> fallback) {
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            throw HttpError.badRequest("layers must be a list of {units, activation, dropout} objects");
        }
        if (v.size() > Limits.MAX_HIDDEN_LAYERS) {
            throw HttpError.tooLarge("the network has " + v.size() + " hidden layers, above the server's limit of "
                    + Limits.MAX_HIDDEN_LAYERS);
        }
        List<LayerSpec> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode l = v.get(i);
            if (!l.isObject()) {
                throw HttpError.badRequest("layers[" + i + "] must be an object");
            }
            Iterator<String> names = l.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                if (!LAYER_KEYS.contains(k)) {
                    throw HttpError.badRequest("layers[" + i + "]: unknown key \"" + k + "\"");
                }
            }
            String where = "layers[" + i + "].";
            int units;
            try {
                units = integer(l, "units", 4, 1, Limits.MAX_UNITS, true);
            } catch (HttpError e) {
                throw new HttpError(e.status(), where + e.getMessage());
            }
            String act;
            try {
                act = oneOf(l, "activation", "tanh", HIDDEN_ACTIVATIONS);
            } catch (HttpError e) {
                throw HttpError.badRequest(where + e.getMessage());
            }
            double dropout = number(l, "dropout", 0, 0, 0.9);
            out.add(new LayerSpec(units, act, dropout));
        }
        return List.copyOf(out);
    }

    /** This configuration as the JSON object {@link #fromJson} reads. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("problem", problem).put("dataset", dataset).put("points", points).put("ratio", ratio).put("noise", noise)
                .put("dataSeed", dataSeed).put("batch", batch);
        ArrayNode f = o.putArray("features");
        features.forEach(f::add);
        ArrayNode l = o.putArray("layers");
        for (LayerSpec s : layers) {
            l.addObject().put("units", s.units()).put("activation", s.activation()).put("dropout", s.dropout());
        }
        o.put("outputActivation", outputActivation).put("loss", loss).put("optimizer", optimizer)
                .put("learningRate", learningRate).put("regularization", regularization)
                .put("regularizationRate", regularizationRate).put("earlyStopping", earlyStopping).put("speed", speed)
                .put("initSeed", initSeed).put("planeX", planeX).put("planeY", planeY);
        return o;
    }

    /**
     * True if going from {@code old} to this needs new data or a new network (so training restarts).
     * The plane's axes (planeX, planeY) only change the picture, not the data or the network.
     */
    public boolean needsReset(PlaygroundConfig old) {
        return !problem.equals(old.problem) || !dataset.equals(old.dataset) || points != old.points
                || ratio != old.ratio || noise != old.noise || dataSeed != old.dataSeed
                || !features.equals(old.features) || !layers.equals(old.layers)
                || !outputActivation.equals(old.outputActivation) || initSeed != old.initSeed;
    }

    /** This configuration with another seed for the initial weights (Reset draws a new one). */
    public PlaygroundConfig withInitSeed(long seed) {
        return new PlaygroundConfig(problem, dataset, points, ratio, noise, dataSeed, batch, features, layers,
                outputActivation, loss, optimizer, learningRate, regularization, regularizationRate, earlyStopping, speed,
                seed, planeX, planeY);
    }
}
