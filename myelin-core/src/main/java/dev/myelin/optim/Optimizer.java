package dev.myelin.optim;

import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent and its refinements: W ← W − η·(an update built from ∂E/∂W) (notes 000:
 * W^(k+1) = W^k − learning_rate · gradient).
 *
 * <p>This base class does what every algorithm shares, in this order on each {@link #step}:
 * <ol>
 *   <li>regularization: ∂E/∂w += λ₂·w + λ₁·sign(w) for weights (not biases), the gradients of the
 *       penalties (λ₂/2)·Σw² and λ₁·Σ|w| (PyTorch's {@code weight_decay} is λ₂);
 *   <li>clipping: every gradient is scaled by min(1, c/(‖g‖ + 1e-6)), ‖g‖ = √(Σ g²) the global norm
 *       over all parameters (PyTorch {@code clip_grad_norm_}, which also scales when ‖g‖ is within
 *       1e-6 below c);
 *   <li>the learning rate of the current epoch from the {@link LearningRateSchedule};
 *   <li>the algorithm's own update, {@link #update}, with its per-parameter state ("slots").
 * </ol>
 * Subclasses only write the update, with the formula and defaults that PyTorch documents.
 *
 * <p>An optimizer is <b>configuration</b> (Keras builds an optimizer per model; Tribuo's trainers are
 * pure configuration): its per-parameter state (moments, step count, epoch) lives in an
 * {@link OptimizerState} that {@link #start} creates for one fit of one network, keyed by parameter
 * name. One optimizer instance may therefore configure any number of fits and networks, even at the
 * same time: each gets its own state.
 * <pre>{@code
 * OptimizerState state = new Adam(0.01).start(network);
 * network.computeGradients(x, y, loss);
 * state.step();
 * }</pre>
 */
public abstract class Optimizer {
    private final double learningRate;
    private double l1;
    private double l2;
    private double clipNorm;
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;

    protected Optimizer(double learningRate) {
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a non-negative number, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** The name used on the command line, e.g. {@code adam}. */
    public abstract String name();

    /** How many state tensors per parameter this algorithm keeps (momentum buffers, moments...). */
    protected abstract int slotCount();

    /**
     * Updates one parameter. {@code slots} holds this parameter's state tensors (zero at the first
     * step), {@code t} is the 1-based step count, {@code lr} the learning rate of this epoch.
     */
    protected abstract void update(Parameter p, Matrix[] slots, long t, double lr);

    /** Adds an L1 penalty λ₁·Σ|w| on weights (default 0). */
    public Optimizer l1(double lambda) {
        this.l1 = nonNegative("l1", lambda);
        return this;
    }

    /** Adds an L2 penalty (λ₂/2)·Σw² on weights (default 0). */
    public Optimizer l2(double lambda) {
        this.l2 = nonNegative("l2", lambda);
        return this;
    }

    /** Clips the global gradient norm to {@code maxNorm} (default 0 = no clipping). */
    public Optimizer clipNorm(double maxNorm) {
        this.clipNorm = nonNegative("clip norm", maxNorm);
        return this;
    }

    /** The learning-rate schedule over epochs (default constant). */
    public Optimizer schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a non-negative number, got " + v);
        }
        return v;
    }

    /** The learning rate η before any schedule. */
    public double baseLearningRate() {
        return learningRate;
    }

    /** λ₁ of the L1 penalty. */
    public double l1() {
        return l1;
    }

    /** λ₂ of the L2 penalty. */
    public double l2() {
        return l2;
    }

    /** The global gradient-norm limit c (0: no clipping). */
    public double clipNorm() {
        return clipNorm;
    }

    /** The learning-rate schedule. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The learning rate at {@code epoch} (0-based): the schedule applied to the base rate. */
    public double learningRate(int epoch) {
        return schedule.rate(learningRate, epoch);
    }

    /** Fresh state (zero slots, step 0, epoch 0) for one fit of {@code network}, keyed by its parameter names. */
    public OptimizerState start(Sequential network) {
        return new OptimizerState(this, network.namedParameters());
    }

    /**
     * Fresh state for the given parameters, keyed by name ({@code layers.0.weight}...), in the order
     * given (the order of updates and of the global clipping norm's sum).
     */
    public OptimizerState start(Map<String, Parameter> parameters) {
        return new OptimizerState(this, parameters);
    }

    /** Fresh state for a plain list of parameters, named {@code p0, p1, ...} (for tools and tests). */
    public OptimizerState start(List<Parameter> parameters) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            named.put("p" + i, parameters.get(i));
        }
        return start(named);
    }

    /** One step on {@code state}'s parameters: regularize, clip, then each parameter's update. */
    void step(OptimizerState state) {
        List<Parameter> params = state.parameterList();
        regularize(params);
        if (clipNorm > 0) {
            clip(params);
        }
        double lr = learningRate(state.epoch());
        for (int i = 0; i < params.size(); i++) {
            update(params.get(i), state.slotsAt(i), state.steps(), lr);
        }
    }

    private void regularize(List<Parameter> params) {
        if (l1 == 0 && l2 == 0) {
            return;
        }
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            if (!p.regularized()) {
                continue;
            }
            Matrix w = p.value(), g = p.grad();
            if (w.isFloat() && OptimizerKernels.available()) {
                OptimizerKernels.decay(w.floats(), g.floats(), w.rows(), w.cols(), l2, l1);
            } else {
                decayReference(w, g, l2, l1);
            }
        }
    }

    /** The reference loop of weight decay: g ← g + λ₂·w + λ₁·sign w, the term in double. */
    static void decayReference(Matrix w, Matrix g, double l2, double l1) {
        for (int i = 0; i < w.size(); i++) {
            double wi = w.get(i);
            g.add(i, l2 * wi + l1 * Math.signum(wi));
        }
    }

    /** Clipping by the global norm: every gradient × maxNorm/(‖g‖ + 1e-6) when that is below 1. */
    private void clip(List<Parameter> params) {
        double sq = 0;
        for (int k = 0; k < params.size(); k++) {
            Matrix g = params.get(k).grad();
            sq += g.isFloat() && OptimizerKernels.available() ? OptimizerKernels.sumOfSquares(g.floats(), g.size())
                    : sumOfSquaresReference(g);
        }
        double scale = clipNorm / (Math.sqrt(sq) + 1e-6);
        if (scale < 1) {
            for (int k = 0; k < params.size(); k++) {
                Matrix g = params.get(k).grad();
                if (g.isFloat() && OptimizerKernels.available()) {
                    OptimizerKernels.scale(g.floats(), g.rows(), g.cols(), scale);
                } else {
                    scaleReference(g, scale);
                }
            }
        }
    }

    /**
     * The reference of Σ g², in {@link OptimizerKernels#sumOfSquares}' order: element i into partial
     * sum i mod 8, each in index order, the partials added pairwise.
     */
    static double sumOfSquaresReference(Matrix g) {
        double[] partial = new double[OptimizerKernels.SUMS];
        for (int i = 0; i < g.size(); i++) {
            double v = g.get(i);
            partial[i % partial.length] += v * v;
        }
        return ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    }

    /** The reference of clipping's rescale: g ← g·s in double, stored at the gradient's precision. */
    static void scaleReference(Matrix g, double s) {
        for (int i = 0; i < g.size(); i++) {
            g.set(i, g.get(i) * s);
        }
    }

    /** The names of this optimizer's slots, e.g. {@code exp_avg, exp_avg_sq} for Adam (checkpoint tensor names). */
    public List<String> slotNames() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < slotCount(); k++) {
            names.add("s" + k);
        }
        return names;
    }

    /** How many state tensors each parameter gets. */
    public int slots() {
        return slotCount();
    }

    @Override
    public String toString() {
        return name() + "(lr=" + learningRate + ")";
    }
}
