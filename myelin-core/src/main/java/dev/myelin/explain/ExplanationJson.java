package dev.myelin.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.io.NetworkJson;

/**
 * An {@link Explanation} as JSON, for programs and tests:
 *
 * <pre>{"steps": [{"loss": E, "outputs": [[…]],
 *              "layers": [{"z": [[…]], "a": [[…]], "delta": [[…]],
 *                          "weight_gradients": [[…]], "bias_gradients": […]}]}],
 *  "network": the updated network in the JSON network format}</pre>
 *
 * Rows of z, a, delta and outputs are examples; weight_gradients is [inputs][units] like the weights;
 * the gradients are those of the batch loss (averaged over the examples as the loss is); a layer without
 * bias has no bias_gradients, and a forward pass alone has no loss, delta or gradients. Numbers are
 * written in full (shortest decimal that reads back to the same double).
 */
public final class ExplanationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExplanationJson() {}

    /** The JSON tree. */
    public static ObjectNode toTree(Explanation e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode steps = root.putArray("steps");
        for (Explanation.Step s : e.steps()) {
            ObjectNode step = steps.addObject();
            if (!e.forwardOnly()) {
                step.put("loss", s.loss());
            }
            matrix(step.putArray("outputs"), s.outputs());
            ArrayNode layers = step.putArray("layers");
            for (Explanation.LayerStep l : s.layers()) {
                ObjectNode o = layers.addObject();
                matrix(o.putArray("z"), l.z());
                matrix(o.putArray("a"), l.a());
                if (e.forwardOnly()) {
                    continue;
                }
                matrix(o.putArray("delta"), l.delta());
                matrix(o.putArray("weight_gradients"), l.weightGradients());
                if (l.hasBias()) {
                    vector(o.putArray("bias_gradients"), l.biasGradients());
                }
            }
        }
        root.set("network", NetworkJson.toTree(e.network(), true));
        return root;
    }

    /** The JSON text, pretty-printed. */
    public static String write(Explanation e) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(e)) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write the explanation as JSON", ex);
        }
    }

    private static void matrix(ArrayNode target, double[][] m) {
        for (double[] row : m) {
            vector(target.addArray(), row);
        }
    }

    private static void vector(ArrayNode target, double[] v) {
        for (double d : v) {
            target.add(d);
        }
    }
}
