package dev.myelin.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * The forward and backward numbers of one example, as the notes write them (dropout off, batch of
 * one, on a copy of the network so training is not disturbed). For each dense layer l:
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
            Network net = s.network().copy();
            Matrix x = set.x().copy();
            Matrix y = set.y().copy();
            int[] one = {index};
            Dataset ex = new Dataset(x, y).select(one);
            double loss = net.computeGradients(ex.x(), ex.y(), s.loss(), false, false);
            ObjectNode o = F.objectNode();
            o.put("set", test ? "test" : "train");
            o.put("index", index);
            double[][] plane = test ? d.testPlane : d.trainPlane;
            o.putArray("point").add(plane[index][0]).add(plane[index][1]);
            o.put("target", (test ? d.testTarget : d.trainTarget)[index]);
            o.put("loss", loss);
            o.put("lossName", s.loss().name());
            o.put("fused", s.loss().fusesWith(net.outputLayer().activation()));
            ArrayNode names = o.putArray("inputNames");
            d.inputNames.forEach(names::add);
            o.set("x", row(ex.x(), 0));
            o.set("y", row(ex.y(), 0));
            ArrayNode layers = o.putArray("layers");
            List<Dense> dense = Session.denseLayers(net);
            for (Dense l : dense) {
                ObjectNode n = layers.addObject();
                n.put("activation", l.activation().name());
                n.set("input", row(l.lastInput(), 0));
                n.set("z", row(l.lastZ(), 0));
                n.set("a", row(l.lastOutput(), 0));
                n.set("delta", row(l.lastDelta(), 0));
                n.set("w", matrix(l.weights()));
                n.set("b", row(l.bias(), 0));
                n.set("gradW", matrix(l.weightParameter().grad()));
                n.set("gradB", row(l.biasParameter().grad(), 0));
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

    private static ArrayNode matrix(Matrix m) {
        ArrayNode a = F.arrayNode();
        for (int r = 0; r < m.rows(); r++) {
            a.add(row(m, r));
        }
        return a;
    }
}
