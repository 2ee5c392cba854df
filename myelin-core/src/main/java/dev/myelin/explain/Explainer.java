package dev.myelin.explain;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.activations.ElementwiseActivation;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every number of a training step as the notes show them (notes 000 and 001), by running the
 * layers' own forward and backward passes on a float64 copy of the network and reading what each
 * layer recorded through the layer contract ({@link PassRecord}). There is no second backprop here: what a
 * learner reads is what the engine computed, in float64. The numbers are:
 *
 * <ul>
 *   <li>forward, layer l = 1..L: z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ + b⁽ˡ⁾ (z_j = Σᵢ w_ij·a_i + b_j), a⁽ˡ⁾ = g(z⁽ˡ⁾),
 *       with a⁽⁰⁾ = x; shapes: a⁽ˡ⁻¹⁾ N×inputs, W inputs×units, z and a N×units;
 *   <li>the loss E(a⁽ᴸ⁾, y), averaged over the N examples as {@link Loss} defines;
 *   <li>backward: at the output ∂E/∂out, ∂out/∂z = g'(z), δ⁽ᴸ⁾ = ∂E/∂out ⊙ ∂out/∂z (or, for a fused
 *       pair such as softmax + cross-entropy, δ⁽ᴸ⁾ = (a − y)/N directly); below it the delta rule
 *       ∂E/∂a_j⁽ˡ⁾ = Σ_k w_jk⁽ˡ⁺¹⁾·δ_k⁽ˡ⁺¹⁾, δ_j⁽ˡ⁾ = g'(z_j⁽ˡ⁾)·∂E/∂a_j⁽ˡ⁾;
 *   <li>gradients ∂E/∂w_ij = Σₙ δ_j·a_i (δ·a_prev, summed over the batch rows, which carry the 1/N of
 *       the loss) and ∂E/∂b_j = Σₙ δ_j;
 *   <li>the update by the given {@link Optimizer} (w ← w − η·∂E/∂w for SGD), whose state after the
 *       step is recorded too.
 * </ul>
 *
 * The gradients agree with PyTorch's autograd (tests hold them to 1e-12). Only layers with an
 * activation, a weight and an optional bias (dense layers, with or without bias) can be shown: dropout
 * makes a step random, which a worked example should not be. Without a target, {@link #forward} records
 * the forward pass alone.
 */
public final class Explainer {
    private Explainer() {}

    /**
     * Runs {@code steps} full-batch training steps on a float64 copy of {@code network}; the network
     * passed in is left unchanged.
     *
     * @param x inputs, examples × network inputs
     * @param y targets, examples × network outputs
     * @param optimizer a fresh optimizer (its state is used and advanced)
     */
    public static Explanation explain(Network network, double[][] x, double[][] y, Loss loss, Optimizer optimizer,
            int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("explain needs at least one step, got " + steps);
        }
        Network net = float64Copy(network);
        checkBatch(net, x, y);
        boolean fused = net.fusesWith(loss);
        Matrix xm = Matrix.of(x, Precision.FLOAT64);
        Matrix ym = Matrix.of(y, Precision.FLOAT64);
        List<Explanation.Step> trace = new ArrayList<>();
        OptimizerState optimizerState = optimizer.start(net);
        for (int s = 1; s <= steps; s++) {
            trace.add(step(s, net, x, y, xm, ym, loss, fused, optimizerState));
        }
        double finalLoss = net.loss(xm, ym, loss);
        return new Explanation(loss.name(), optimizer.name(), optimizer.baseLearningRate(), fused, List.copyOf(trace),
                net, finalLoss);
    }

    /**
     * The forward pass alone, for inputs without a target: z and a of every layer, run by the layers'
     * own forward pass (inference mode) on a float64 copy. The explanation has no loss, backward pass or
     * update ({@link Explanation#forwardOnly()}).
     *
     * @param x inputs, examples × network inputs
     */
    public static Explanation forward(Network network, double[][] x) {
        Network net = float64Copy(network);
        checkBatch(net, x, null);
        net.forward(Matrix.of(x, Precision.FLOAT64), false);
        List<Explanation.LayerStep> result = new ArrayList<>();
        double[][] input = x;
        for (int l = 0; l < net.layers().size(); l++) {
            Layer d = net.layers().get(l);
            List<Parameter> p = d.parameters();
            double[][] a = d.lastOutput().toArray();
            result.add(new Explanation.LayerStep(l, d.activation().name(), input, p.get(0).value().toArray(),
                    p.size() > 1 ? p.get(1).value().toArray()[0] : null, d.lastPreActivation().toArray(), a,
                    null, null, null, null, null, null, null, List.of()));
            input = a;
        }
        Explanation.Step step = new Explanation.Step(1, x, null, Double.NaN, null, List.copyOf(result));
        return new Explanation(null, null, Double.NaN, false, List.of(step), net, Double.NaN);
    }

    /** Checks every layer can be shown, then copies the network to float64. */
    private static Network float64Copy(Network network) {
        for (int i = 0; i < network.layers().size(); i++) {
            Layer l = network.layers().get(i);
            if (!explainable(l)) {
                throw new IllegalArgumentException("explain supports dense layers only, but layer " + i + " is "
                        + l.type());
            }
        }
        return PassRecord.float64Copy(network);
    }

    /** A layer explain can show: a = g(x·W + b), with parameters weight then (optionally) bias. */
    private static boolean explainable(Layer l) {
        int p = l.parameters().size();
        return l.activation() != null && (p == 1 || p == 2) && l.rng() == null;
    }

    private static void checkBatch(Network net, double[][] x, double[][] y) {
        if (x.length == 0) {
            throw new IllegalArgumentException("explain needs at least one example");
        }
        if (y == null) {
            for (int n = 0; n < x.length; n++) {
                if (x[n].length != net.inputs()) {
                    throw new IllegalArgumentException("example " + (n + 1) + " has " + x[n].length
                            + " input values but the network expects " + net.inputs());
                }
            }
            return;
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("there are " + x.length + " inputs but " + y.length + " targets");
        }
        for (int n = 0; n < x.length; n++) {
            if (x[n].length != net.inputs()) {
                throw new IllegalArgumentException("example " + (n + 1) + " has " + x[n].length
                        + " input values but the network expects " + net.inputs());
            }
            if (y[n].length != net.outputs()) {
                throw new IllegalArgumentException("target " + (n + 1) + " has " + y[n].length
                        + " values but the network has " + net.outputs() + " outputs");
            }
        }
    }

    private static Explanation.Step step(int index, Network net, double[][] x, double[][] y, Matrix xm, Matrix ym,
            Loss loss, boolean fused, OptimizerState optimizerState) {
        List<Layer> layers = net.layers();
        int count = layers.size();
        // The engine's own forward and backward pass, in float64, as the layers recorded it.
        PassRecord pass = PassRecord.run(net, xm, ym, loss);
        double e = pass.loss();
        double[][][] input = new double[count][][];
        double[][][] zs = new double[count][][];
        double[][][] as = new double[count][][];
        double[][][] gradA = new double[count][][];
        double[][][] deriv = new double[count][][];
        double[][][] delta = new double[count][][];
        List<double[][]> wBefore = new ArrayList<>();
        List<double[]> bBefore = new ArrayList<>();
        List<double[][]> gw = new ArrayList<>();
        List<double[]> gb = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            PassRecord.LayerRecord r = pass.layers().get(l);
            String w = layers.get(l).parameters().get(0).name();
            List<Parameter> params = layers.get(l).parameters();
            String b = params.size() > 1 ? params.get(1).name() : null;
            input[l] = l == 0 ? x : as[l - 1];
            zs[l] = r.z();
            as[l] = r.a();
            gradA[l] = r.gradA();
            deriv[l] = r.gradA() == null ? null : derivative(layers.get(l).activation(), zs[l], as[l]);
            delta[l] = r.delta();
            wBefore.add(r.parameters().get(w));
            bBefore.add(b == null ? null : r.parameters().get(b)[0]);
            gw.add(r.gradients().get(w));
            gb.add(b == null ? null : r.gradients().get(b)[0]);
        }
        double[] perExample = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            Matrix yn = Matrix.row(y[n], Precision.FLOAT64);
            perExample[n] = fused ? loss.fusedValue(Matrix.row(zs[count - 1][n], Precision.FLOAT64), yn)
                    : loss.value(Matrix.row(as[count - 1][n], Precision.FLOAT64), yn);
        }

        // The update, and the optimizer's state after it (slots by parameter name).
        optimizerState.step();
        List<String> slotNames = optimizerState.optimizer().slotNames();
        List<Explanation.LayerStep> result = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            Layer d = layers.get(l);
            List<Matrix> ws = optimizerState.slots("layers." + l + "." + d.parameters().get(0).name());
            boolean hasBias = d.parameters().size() > 1;
            List<Matrix> bs = hasBias ? optimizerState.slots("layers." + l + "." + d.parameters().get(1).name()) : null;
            List<Explanation.OptimizerSlot> st = new ArrayList<>();
            for (int k = 0; k < slotNames.size(); k++) {
                st.add(new Explanation.OptimizerSlot(slotNames.get(k), ws.get(k).toArray(),
                        hasBias ? bs.get(k).toArray()[0] : null));
            }
            result.add(new Explanation.LayerStep(l, d.activation().name(), input[l], wBefore.get(l), bBefore.get(l),
                    zs[l], as[l], gradA[l], deriv[l], delta[l], gw.get(l), gb.get(l),
                    d.parameters().get(0).value().toArray(), hasBias ? d.parameters().get(1).value().toArray()[0] : null,
                    List.copyOf(st)));
        }
        return new Explanation.Step(index, x, y, e, perExample, List.copyOf(result));
    }

    /** g'(z) element by element, or null when g is not element-wise (softmax). */
    private static double[][] derivative(Activation g, double[][] z, double[][] a) {
        if (!(g instanceof ElementwiseActivation e)) {
            return null;
        }
        double[][] d = new double[z.length][];
        for (int n = 0; n < z.length; n++) {
            d[n] = new double[z[n].length];
            for (int j = 0; j < z[n].length; j++) {
                d[n][j] = e.derivative(z[n][j], a[n][j]);
            }
        }
        return d;
    }
}
