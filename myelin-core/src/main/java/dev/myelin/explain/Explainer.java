package dev.myelin.explain;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.activations.ElementwiseActivation;
import dev.myelin.io.NetworkJson;
import dev.myelin.layers.Dense;
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
 * Computes every number of a training step the way the notes do by hand (notes 000 and 001), in
 * float64 with plain loops, so that each can be printed and checked:
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
 * The gradients equal those of {@link Network#computeGradients} and of PyTorch's autograd (tests hold
 * both to 1e-12). Only dense layers are supported: dropout makes a step random, which a worked
 * example should not be.
 */
public final class Explainer {
    private Explainer() {}

    /**
     * Runs {@code steps} full-batch training steps on a float64 copy of {@code network}; the network
     * passed in is left unchanged.
     *
     * @param x inputs, examples × network inputs
     * @param y targets, examples × network outputs
     * @param optimizer the optimizer's configuration (the explanation starts fresh state from it)
     */
    public static Explanation explain(Network network, double[][] x, double[][] y, Loss loss, Optimizer optimizer,
            int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("explain needs at least one step, got " + steps);
        }
        Network net = float64Copy(network);
        checkBatch(net, x, y);
        List<Dense> dense = new ArrayList<>();
        for (Layer l : net.layers()) {
            dense.add((Dense) l);
        }
        Dense output = dense.get(dense.size() - 1);
        boolean fused = loss.fusesWith(output.activation());
        List<Explanation.Step> trace = new ArrayList<>();
        OptimizerState optimizerState = optimizer.start(net);
        for (int s = 1; s <= steps; s++) {
            trace.add(step(s, net, dense, x, y, loss, fused, optimizer, optimizerState));
        }
        double finalLoss = batchLoss(dense, x, y, loss, fused);
        return new Explanation(loss.name(), optimizer.name(), optimizer.baseLearningRate(), fused, List.copyOf(trace),
                net, finalLoss);
    }

    private static Network float64Copy(Network network) {
        for (int i = 0; i < network.layers().size(); i++) {
            Layer l = network.layers().get(i);
            if (!(l instanceof Dense)) {
                throw new IllegalArgumentException("explain supports dense layers only, but layer " + i + " is "
                        + l.type());
            }
        }
        return NetworkJson.read(NetworkJson.write(network), Precision.FLOAT64, network.seed());
    }

    private static void checkBatch(Network net, double[][] x, double[][] y) {
        if (x.length == 0) {
            throw new IllegalArgumentException("explain needs at least one example");
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

    private static Explanation.Step step(int index, Network net, List<Dense> dense, double[][] x, double[][] y,
            Loss loss, boolean fused, Optimizer optimizer, OptimizerState optimizerState) {
        int layers = dense.size();
        List<double[][]> zs = new ArrayList<>();
        List<double[][]> as = new ArrayList<>();
        forward(dense, x, zs, as);
        double[][] out = as.get(layers - 1);
        Matrix yM = Matrix.of(y, Precision.FLOAT64);
        double e = fused ? loss.fusedValue(Matrix.of(zs.get(layers - 1), Precision.FLOAT64), yM)
                : loss.value(Matrix.of(out, Precision.FLOAT64), yM);
        double[] perExample = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            Matrix yn = Matrix.row(y[n], Precision.FLOAT64);
            perExample[n] = fused ? loss.fusedValue(Matrix.row(zs.get(layers - 1)[n], Precision.FLOAT64), yn)
                    : loss.value(Matrix.row(out[n], Precision.FLOAT64), yn);
        }

        // Backward: δ of each layer, output first.
        double[][][] gradA = new double[layers][][];
        double[][][] deriv = new double[layers][][];
        double[][][] delta = new double[layers][][];
        for (int l = layers - 1; l >= 0; l--) {
            Dense d = dense.get(l);
            double[][] z = zs.get(l), a = as.get(l);
            if (l == layers - 1 && fused) {
                Matrix dz = Matrix.zeros(x.length, d.outputs(), Precision.FLOAT64);
                loss.fusedGradient(Matrix.of(a, Precision.FLOAT64), yM, dz);
                delta[l] = dz.toArray();
                continue;
            }
            if (l == layers - 1) {
                Matrix ga = Matrix.zeros(x.length, d.outputs(), Precision.FLOAT64);
                loss.gradient(Matrix.of(a, Precision.FLOAT64), yM, ga);
                gradA[l] = ga.toArray();
            } else {
                gradA[l] = backThroughWeights(delta[l + 1], dense.get(l + 1).weights());
            }
            deriv[l] = derivative(d.activation(), z, a);
            Matrix dz = Matrix.zeros(x.length, d.outputs(), Precision.FLOAT64);
            d.activation().backward(Matrix.of(z, Precision.FLOAT64), Matrix.of(a, Precision.FLOAT64),
                    Matrix.of(gradA[l], Precision.FLOAT64), dz);
            delta[l] = dz.toArray();
        }

        // Gradients, then the update.
        List<double[][]> wBefore = new ArrayList<>();
        List<double[]> bBefore = new ArrayList<>();
        List<double[][]> gw = new ArrayList<>();
        List<double[]> gb = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Dense d = dense.get(l);
            double[][] prev = l == 0 ? x : as.get(l - 1);
            double[][] g = new double[d.inputs()][d.outputs()];
            double[] bg = new double[d.outputs()];
            for (int n = 0; n < x.length; n++) {
                for (int j = 0; j < d.outputs(); j++) {
                    double dj = delta[l][n][j];
                    bg[j] += dj;
                    for (int i = 0; i < d.inputs(); i++) {
                        g[i][j] += dj * prev[n][i];
                    }
                }
            }
            wBefore.add(d.weights().toArray());
            bBefore.add(d.bias().toArray()[0]);
            gw.add(g);
            gb.add(bg);
            set(d.weightParameter().grad(), g);
            set(d.biasParameter().grad(), new double[][] {bg});
        }
        optimizerState.step();
        List<String> slotNames = optimizer.slotNames();
        int slots = slotNames.size();
        List<Matrix> state = new ArrayList<>(optimizerState.tensors().values());

        List<Explanation.LayerStep> result = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Dense d = dense.get(l);
            List<Explanation.OptimizerSlot> st = new ArrayList<>();
            for (int k = 0; k < slots; k++) {
                Matrix ws = state.get((2 * l) * slots + k);
                Matrix bs = state.get((2 * l + 1) * slots + k);
                st.add(new Explanation.OptimizerSlot(slotNames.get(k), ws.toArray(), bs.toArray()[0]));
            }
            result.add(new Explanation.LayerStep(l, d.activation().name(), l == 0 ? x : as.get(l - 1), wBefore.get(l),
                    bBefore.get(l), zs.get(l), as.get(l), gradA[l], deriv[l], delta[l], gw.get(l), gb.get(l),
                    d.weights().toArray(), d.bias().toArray()[0], List.copyOf(st)));
        }
        return new Explanation.Step(index, x, y, e, perExample, List.copyOf(result));
    }

    /** Fills {@code zs} and {@code as} layer by layer; returns the output a⁽ᴸ⁾. */
    private static double[][] forward(List<Dense> dense, double[][] x, List<double[][]> zs, List<double[][]> as) {
        double[][] prev = x;
        for (Dense d : dense) {
            double[][] w = d.weights().toArray();
            double[] b = d.bias().toArray()[0];
            double[][] z = new double[x.length][d.outputs()];
            for (int n = 0; n < x.length; n++) {
                for (int j = 0; j < d.outputs(); j++) {
                    double s = 0;
                    for (int i = 0; i < d.inputs(); i++) {
                        s += w[i][j] * prev[n][i];
                    }
                    z[n][j] = s + b[j];
                }
            }
            Matrix a = Matrix.zeros(x.length, d.outputs(), Precision.FLOAT64);
            d.activation().forward(Matrix.of(z, Precision.FLOAT64), a);
            zs.add(z);
            as.add(a.toArray());
            prev = as.get(as.size() - 1);
        }
        return prev;
    }

    private static double batchLoss(List<Dense> dense, double[][] x, double[][] y, Loss loss, boolean fused) {
        List<double[][]> zs = new ArrayList<>();
        List<double[][]> as = new ArrayList<>();
        double[][] out = forward(dense, x, zs, as);
        Matrix yM = Matrix.of(y, Precision.FLOAT64);
        return fused ? loss.fusedValue(Matrix.of(zs.get(zs.size() - 1), Precision.FLOAT64), yM)
                : loss.value(Matrix.of(out, Precision.FLOAT64), yM);
    }

    /** ∂E/∂a⁽ˡ⁾ = δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ: (N×units) times [inputs][units]ᵀ gives N×inputs. */
    private static double[][] backThroughWeights(double[][] deltaNext, Matrix weightsNext) {
        double[][] w = weightsNext.toArray();
        double[][] g = new double[deltaNext.length][w.length];
        for (int n = 0; n < deltaNext.length; n++) {
            for (int j = 0; j < w.length; j++) {
                double s = 0;
                for (int k = 0; k < w[j].length; k++) {
                    s += w[j][k] * deltaNext[n][k];
                }
                g[n][j] = s;
            }
        }
        return g;
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

    private static void set(Matrix m, double[][] values) {
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                m.set(i, j, values[i][j]);
            }
        }
    }
}
