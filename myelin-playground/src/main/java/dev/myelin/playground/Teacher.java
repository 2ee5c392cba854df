package dev.myelin.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.data.Dataset;
import dev.myelin.explain.Explainer;
import dev.myelin.explain.Explanation;
import dev.myelin.layers.Layer;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Arrays;
import java.util.List;

/**
 * The teaching mode: one training step on one example or one batch, with every number of it — the
 * forward pass, the loss, δ of every unit with the terms δₖ·wⱼₖ and g′(z) of the hidden ones, and for
 * every weight w, ∂E/∂w, the optimizer's slots and the new w. The numbers come from the core's
 * {@link Explainer}, the engine of {@code ./myelin explain}, so the page and the command agree.
 *
 * <p>On the session's own network a step is real: its update is applied by the session's training
 * run's optimizer state, whose step count and slots persist from step to step (and into training)
 * until a new run starts. A preset
 * (see {@link TeachingPresets}) is stateless: step k recomputes steps 1..k from the notes' weights.
 */
final class Teacher {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Teacher() {}

    /** Step {@code steps} (≥ 1) of a preset on its first example ({@code batch = false}) or on all of them. */
    static ObjectNode preset(String name, boolean batch, int steps, String optimizer) {
        if (steps < 1 || steps > 1000) {
            throw HttpError.badRequest("steps must be from 1 to 1000, got " + steps);
        }
        TeachingPresets p = TeachingPresets.byName(name);
        double[][] x = batch ? p.x() : new double[][] {p.x()[0]};
        double[][] y = batch ? p.y() : new double[][] {p.y()[0]};
        Optimizer opt = Optimizers.create(optimizer, p.learningRate());
        Explanation e = Explainer.explain(p.network(), x, y, Loss.byName(p.loss()), opt, steps);
        ObjectNode o = json(e, e.steps().getLast());
        o.put("preset", p.name()).put("title", p.title()).put("command", batch ? "" : p.command()
                + (optimizer.equals("sgd") ? "" : " --optimizer " + optimizer) + (steps > 1 ? " --steps " + steps : ""));
        return o;
    }

    /**
     * One step of the session's network on training example {@code index} ({@code batch = false}) or
     * on the batch of the session's batch size starting there; the update is applied to the session.
     *
     * <p>The forward and backward numbers (and ∂E/∂w) are the core {@link Explainer}'s. The update is
     * the session's own: those gradients go into the network's parameters and the session's
     * {@link OptimizerState} steps them, so t, the slots (Adam's m and v, momentum's velocity) and the
     * weights carry from step to step, exactly as {@code Explainer.explain(…, steps)} carries them
     * over its steps, and on into training. The JSON's {@code wAfter}, {@code bAfter}, {@code slots},
     * {@code t} and {@code finalLoss} are read after that update.
     */
    static ObjectNode session(Session s, boolean batch, int index) {
        synchronized (s) {
            Dataset train = s.data().train;
            if (index < 0 || index >= train.size()) {
                throw HttpError.badRequest("there is no training example " + index + " (the set has " + train.size() + ")");
            }
            int rows = batch ? Math.min(s.config().batch(), train.size() - index) : 1;
            int[] pick = new int[rows];
            Arrays.setAll(pick, i -> index + i);
            Dataset d = train.select(pick);
            OptimizerState state = s.optimizerState();
            // the explain engine's numbers of this step (its own update, on its copy, is not used)
            Explanation e = Explainer.explain(s.network(), d.x().toArray(), d.y().toArray(), s.loss(),
                    SessionSetup.optimizer(s.config()), 1);
            Explanation.Step st = e.steps().getLast();
            List<Layer> layers = s.network().layers();
            for (int l = 0; l < layers.size(); l++) {
                Explanation.LayerStep ls = st.layers().get(l);
                layers.get(l).parameters().get(0).grad().copyFrom(Matrix.of(ls.weightGradients(), Precision.FLOAT64));
                layers.get(l).parameters().get(1).grad().copyFrom(Matrix.row(ls.biasGradients(), Precision.FLOAT64));
            }
            state.step();
            s.taughtStep();
            ObjectNode o = json(e, st);
            ArrayNode out = (ArrayNode) o.get("layers");
            List<String> slotNames = state.optimizer().slotNames();
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                ObjectNode n = (ObjectNode) out.get(l);
                n.set("wAfter", matrix(layer.parameters().get(0).value().toArray()));
                n.set("bAfter", vector(layer.parameters().get(1).value().toArray()[0]));
                List<Matrix> ws = state.slots("layers." + l + "." + layer.parameters().get(0).name());
                List<Matrix> bs = state.slots("layers." + l + "." + layer.parameters().get(1).name());
                ArrayNode slots = n.putArray("slots");
                for (int k = 0; k < slotNames.size(); k++) {
                    slots.addObject().put("name", slotNames.get(k)).<ObjectNode>set("w", matrix(ws.get(k).toArray()))
                            .set("b", vector(bs.get(k).toArray()[0]));
                }
            }
            o.put("t", state.steps());
            o.put("finalLoss", s.network().loss(d.x(), d.y(), s.loss()));
            o.put("index", index);
            o.put("title", "Your network, training example" + (rows > 1 ? "s " + (index + 1) + "–" + (index + rows)
                    : " " + (index + 1)));
            return o;
        }
    }

    private static ObjectNode json(Explanation e, Explanation.Step st) {
        ObjectNode o = F.objectNode();
        o.put("t", st.index());
        o.put("loss", e.loss()).put("optimizer", e.optimizer()).put("learningRate", e.learningRate())
                .put("fused", e.fused()).put("step", st.index()).put("E", st.loss()).put("finalLoss", e.finalLoss());
        o.set("x", matrix(st.x()));
        o.set("y", matrix(st.y()));
        o.set("exampleLosses", vector(st.exampleLosses()));
        ArrayNode layers = o.putArray("layers");
        for (Explanation.LayerStep l : st.layers()) {
            ObjectNode n = layers.addObject();
            n.put("activation", l.activation());
            n.set("input", matrix(l.input()));
            n.set("w", matrix(l.weights()));
            n.set("b", vector(l.bias()));
            n.set("z", matrix(l.z()));
            n.set("a", matrix(l.a()));
            n.set("gradA", l.gradA() == null ? F.nullNode() : matrix(l.gradA()));
            n.set("derivative", l.derivative() == null ? F.nullNode() : matrix(l.derivative()));
            n.set("delta", matrix(l.delta()));
            n.set("gradW", matrix(l.weightGradients()));
            n.set("gradB", vector(l.biasGradients()));
            n.set("wAfter", matrix(l.weightsAfter()));
            n.set("bAfter", vector(l.biasAfter()));
            ArrayNode slots = n.putArray("slots");
            for (Explanation.OptimizerSlot slot : l.state()) {
                slots.addObject().put("name", slot.name()).<ObjectNode>set("w", matrix(slot.weights()))
                        .set("b", vector(slot.bias()));
            }
        }
        return o;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode a = F.arrayNode();
        for (double[] row : m) {
            a.add(vector(row));
        }
        return a;
    }

    private static ArrayNode vector(double[] v) {
        ArrayNode a = F.arrayNode();
        for (double d : v) {
            a.add(d);
        }
        return a;
    }
}
