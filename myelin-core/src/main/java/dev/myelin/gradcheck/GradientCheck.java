package dev.myelin.gradcheck;

import dev.myelin.nn.Sequential;
import dev.myelin.init.Rng;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A central-difference gradient check: compares every parameter's analytic gradient, as
 * {@link Sequential#computeGradients} computes it by backpropagation, with the numerical derivative
 *
 * <pre>  n = (E(θ + h) − E(θ − h)) / 2h,   h ≈ 1e-6,</pre>
 *
 * and reports, per layer, the worst relative error |a − n| / max(1e-8, |a| + |n|) (cs231n's form).
 * A correct backward pass gives about 1e-7 or less in float64; a wrong derivative gives 1e-2 or more.
 *
 * <p>E is the loss the network trains on, in training mode, fused forms included. The check needs a
 * {@link Precision#FLOAT64} network: in float32 the rounding of E swamps the difference quotient.
 * Layers with noise (dropout) are given a fixed mask (drawn once from {@link #MASK_SEED}) so that E is a
 * deterministic function of θ; the masks are cleared again afterwards (random masks resume), and the
 * network's parameter values are left exactly as they were. Inputs sitting on a kink (ReLU or step at
 * z = 0) make the numerical derivative meaningless there; choose inputs away from them.
 */
public final class GradientCheck {
    /** The default step h. */
    public static final double DEFAULT_STEP = 1e-6;
    /** The seed of the fixed dropout masks. */
    public static final long MASK_SEED = 0x6d79656c696eL;

    private GradientCheck() {}

    /**
     * The check's outcome for one layer.
     *
     * @param layer the layer's index in the network
     * @param description e.g. {@code dense (tanh)}
     * @param checked how many parameter values were checked
     * @param worstRelativeError the largest |a − n| / max(1e-8, |a| + |n|) over them (0 if none)
     * @param worstParameter the name of the value with that error, e.g. {@code layers.0.weight[1][2]}
     * @param analytic a, the backpropagated gradient there
     * @param numeric n, the central difference there
     */
    public record LayerResult(int layer, String description, int checked, double worstRelativeError,
            String worstParameter, double analytic, double numeric) {}

    /**
     * The whole check.
     *
     * @param loss E at the unperturbed parameters
     * @param layers one result per layer that has parameters, in layer order
     */
    public record Report(double loss, List<LayerResult> layers) {
        /** The worst relative error over all layers. */
        public double worstRelativeError() {
            return layers.stream().mapToDouble(LayerResult::worstRelativeError).max().orElse(0);
        }

        /** True if every layer's worst relative error is at most {@code tolerance}. */
        public boolean passes(double tolerance) {
            return worstRelativeError() <= tolerance;
        }

        /** A table with one line per layer, for people and the command line. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-4s %-20s %8s %14s  %s%n", "#", "layer", "checked", "worst rel err",
                    "where (analytic vs numeric)"));
            for (LayerResult r : layers) {
                sb.append(String.format(Locale.ROOT, "%-4d %-20s %8d %14.3e  %s (%.9g vs %.9g)%n", r.layer(),
                        r.description(), r.checked(), r.worstRelativeError(), r.worstParameter(), r.analytic(),
                        r.numeric()));
            }
            return sb.toString();
        }
    }

    /** Checks every parameter value with h = {@link #DEFAULT_STEP}. */
    public static Report check(Sequential network, Matrix x, Matrix y, Loss loss) {
        return check(network, x, y, loss, DEFAULT_STEP, 0);
    }

    /**
     * Checks the parameters of {@code network} on the batch {@code x} (rows × inputs) with targets
     * {@code y} (rows × outputs).
     *
     * @param h the finite-difference step
     * @param maxPerTensor if positive, checks at most this many evenly spaced values of each weight or
     *     bias tensor (for large networks); 0 checks all
     */
    public static Report check(Sequential network, Matrix x, Matrix y, Loss loss, double h, int maxPerTensor) {
        if (network.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("a gradient check needs a float64 network, this one is "
                    + network.precision().label());
        }
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("the finite-difference step must be positive, got " + h);
        }
        Matrix xs = x.copy(Precision.FLOAT64);
        Matrix ys = y.copy(Precision.FLOAT64);
        fixNoise(network, xs.rows());
        try {
            double e0 = network.computeGradients(xs, ys, loss);
            List<LayerResult> results = new ArrayList<>();
            List<Layer> layers = network.layers();
            for (int li = 0; li < layers.size(); li++) {
                Layer layer = layers.get(li);
                if (layer.parameters().isEmpty()) {
                    continue;
                }
                // Copy the analytic gradients first: every evaluation of E below reuses the workspaces.
                List<Matrix> analytic = new ArrayList<>();
                for (Parameter p : layer.parameters()) {
                    analytic.add(p.grad().copy());
                }
                double worst = 0, worstA = 0, worstN = 0;
                String where = "-";
                int checked = 0;
                for (int pi = 0; pi < layer.parameters().size(); pi++) {
                    Parameter p = layer.parameters().get(pi);
                    Matrix value = p.value();
                    int n = value.size();
                    int stride = maxPerTensor > 0 && n > maxPerTensor ? (n + maxPerTensor - 1) / maxPerTensor : 1;
                    for (int i = 0; i < n; i += stride) {
                        double original = value.get(i);
                        value.set(i, original + h);
                        double plus = lossAt(network, xs, ys, loss);
                        value.set(i, original - h);
                        double minus = lossAt(network, xs, ys, loss);
                        value.set(i, original);
                        double num = (plus - minus) / (2 * h);
                        double a = analytic.get(pi).get(i);
                        double rel = relativeError(a, num);
                        checked++;
                        if (rel > worst || Double.isNaN(rel)) {
                            worst = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
                            worstA = a;
                            worstN = num;
                            where = "layers." + li + "." + p.name() + "[" + i / value.cols() + "][" + i % value.cols() + "]";
                        }
                    }
                }
                results.add(new LayerResult(li, layer.describe(), checked, worst, where, worstA, worstN));
            }
            // Leave the gradients as computeGradients left them at the unperturbed θ.
            network.computeGradients(xs, ys, loss);
            return new Report(e0, List.copyOf(results));
        } finally {
            for (Layer l : network.layers()) {
                l.releaseNoise();
            }
        }
    }

    /** |a − n| / max(1e-8, |a| + |n|). */
    public static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
    }

    /** E in training mode (fixed dropout masks), with the same fused forms as training. */
    private static double lossAt(Sequential network, Matrix x, Matrix y, Loss loss) {
        Matrix out = network.forward(x, true);
        List<Layer> layers = network.layers();
        if (network.fusesWith(loss)) {
            return loss.fusedValue(layers.get(layers.size() - 1).lastPreActivation(), y);
        }
        return loss.value(out, y);
    }

    /**
     * Fixes every layer's noise (dropout's masks: keep with probability 1 − p, scaled by 1/(1 − p)),
     * drawn in layer order from one generator seeded with {@link #MASK_SEED}.
     */
    private static void fixNoise(Sequential network, int rows) {
        Rng rng = new Rng(MASK_SEED);
        for (Layer l : network.layers()) {
            l.fixNoise(rng, rows);
        }
    }
}
