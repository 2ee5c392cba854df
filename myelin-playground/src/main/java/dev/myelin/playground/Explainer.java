package dev.myelin.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.explain.PassRecord;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;

/**
 * The forward and backward numbers of one example, as the notes write them (dropout off, batch of
 * one, on a float64 copy of the network so training is not disturbed), recorded by the same
 * {@link PassRecord} as the command line's explain: the layers' own forward and backward. For each
 * dense layer l:
 * <pre>
 *   z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ + b⁽ˡ⁾      a⁽ˡ⁾ = g(z⁽ˡ⁾)      (a⁽⁰⁾ = x; W is [inputs][units])
 *   δ⁽ᴸ⁾ = ∂E/∂z⁽ᴸ⁾ (for fused losses a − y)   δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ) ⊙ g'(z⁽ˡ⁾)
 *   ∂E/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾          ∂E/∂b⁽ˡ⁾ = δ⁽ˡ⁾
 * </pre>
 * The page shows these per layer for a clicked training point, or for one neuron j:
 * z_j = Σᵢ aᵢ·wᵢⱼ + b_j, a_j = g(z_j), δ_j, and ∂E/∂wᵢⱼ = aᵢ·δ_j.
 */
final class Explainer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Explainer() {}

    /** Explains example {@code index} of the training ({@code test = false}) or test set. */
    static ObjectNode explain(Session s, boolean test, int index) {
        synchronized (s) {
            PlaygroundData d = s.data();
            Dataset set = test ? d.test : d.train;
            if (index < 0 || index >= set.size()) {
                throw HttpError.badRequest("there is no " + (test ? "test" : "training") + " example " + index
                        + " (the set has " + set.size() + ")");
            }
            // The layers' own forward and backward pass, in float64 on a copy, dropout off (as explain runs it).
            Network net = PassRecord.float64Copy(s.network());
            int[] one = {index};
            Dataset ex = new Dataset(set.x().copy(Precision.FLOAT64), set.y().copy(Precision.FLOAT64)).select(one);
            PassRecord pass = PassRecord.run(net, ex.x(), ex.y(), s.loss());
            ObjectNode o = F.objectNode();
            o.put("set", test ? "test" : "train");
            o.put("index", index);
            double[][] plane = test ? d.testPlane : d.trainPlane;
            o.putArray("point").add(plane[index][0]).add(plane[index][1]);
            o.put("target", (test ? d.testTarget : d.trainTarget)[index]);
            o.put("loss", pass.loss());
            o.put("lossName", s.loss().name());
            o.put("fused", s.loss().fusesWith(net.outputActivation()));
            ArrayNode names = o.putArray("inputNames");
            d.inputNames.forEach(names::add);
            o.set("x", row(ex.x(), 0));
            o.set("y", row(ex.y(), 0));
            ArrayNode layers = o.putArray("layers");
            List<Layer> dense = SessionSetup.denseLayers(net);
            for (PassRecord.LayerRecord l : pass.layers()) {
                if (!dense.contains(l.layer())) {
                    continue;
                }
                String w = l.layer().parameters().get(0).name();
                String b = l.layer().parameters().get(1).name();
                ObjectNode n = layers.addObject();
                n.put("activation", l.layer().activation().name());
                n.set("input", row(l.input()[0]));
                n.set("z", row(l.z()[0]));
                n.set("a", row(l.a()[0]));
                n.set("delta", row(l.delta()[0]));
                n.set("w", matrix(l.parameters().get(w)));
                n.set("b", row(l.parameters().get(b)[0]));
                n.set("gradW", matrix(l.gradients().get(w)));
                n.set("gradB", row(l.gradients().get(b)[0]));
            }
            return o;
        }
    }

    private static ArrayNode row(Matrix m, int r) {
        ArrayNode a = F.arrayNode();
        for (int c = 0; c < m.cols(); c++) {
            a.add(m.get(r, c));
        }
        return a;
    }

    private static ArrayNode row(double[] v) {
        ArrayNode a = F.arrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode a = F.arrayNode();
        for (double[] r : m) {
            a.add(row(r));
        }
        return a;
    }
}
