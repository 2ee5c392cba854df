package dev.myelin.optim;

import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

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
 */
public abstract class Optimizer {
    private final double learningRate;
    private double l1;
    private double l2;
    private double clipNorm;
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
    private int epoch;
    private long steps;
    private final List<Matrix[]> slots = new ArrayList<>();

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

    /** Adds an L1 penalty λ₁·Σ|w| on weights. */
    public Optimizer l1(double lambda) {
        this.l1 = nonNegative("l1", lambda);
        return this;
    }

    /** Adds an L2 penalty (λ₂/2)·Σw² on weights. */
    public Optimizer l2(double lambda) {
        this.l2 = nonNegative("l2", lambda);
        return this;
    }

    /** Clips the global gradient norm to {@code maxNorm} (0 = no clipping). */
    public Optimizer clipNorm(double maxNorm) {
        this.clipNorm = nonNegative("clip norm", maxNorm);
        return this;
    }

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

    public double baseLearningRate() {
        return learningRate;
    }

    public double l1() {
        return l1;
    }

    public double l2() {
        return l2;
    }

    public double clipNorm() {
        return clipNorm;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The learning rate in force now: the schedule applied to the base rate at the current epoch. */
    public double learningRate() {
        return schedule.rate(learningRate, epoch);
    }

    /** Tells the optimizer which epoch (0-based) is starting, for the schedule. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** The number of steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Applies one step to {@code params}, whose gradients hold ∂E/∂θ. */
    public void step(List<Parameter> params) {
        steps++;
        regularize(params);
        if (clipNorm > 0) {
            clip(params);
        }
        double lr = learningRate();
        for (int i = 0; i < params.size(); i++) {
            update(params.get(i), slotsFor(i, params.get(i)), steps, lr);
        }
    }

    private void regularize(List<Parameter> params) {
        if (l1 == 0 && l2 == 0) {
            return;
        }
        for (Parameter p : params) {
            if (!p.regularized()) {
                continue;
            }
            Matrix w = p.value(), g = p.grad();
            for (int i = 0; i < w.size(); i++) {
                double wi = w.get(i);
                g.add(i, l2 * wi + l1 * Math.signum(wi));
            }
        }
    }

    private void clip(List<Parameter> params) {
        double sq = 0;
        for (Parameter p : params) {
            Matrix g = p.grad();
            for (int i = 0; i < g.size(); i++) {
                double v = g.get(i);
                sq += v * v;
            }
        }
        double scale = clipNorm / (Math.sqrt(sq) + 1e-6);
        if (scale < 1) {
            for (Parameter p : params) {
                Matrix g = p.grad();
                for (int i = 0; i < g.size(); i++) {
                    g.set(i, g.get(i) * scale);
                }
            }
        }
    }

    private Matrix[] slotsFor(int index, Parameter p) {
        while (slots.size() <= index) {
            slots.add(null);
        }
        Matrix[] s = slots.get(index);
        if (s == null) {
            s = new Matrix[slotCount()];
            for (int k = 0; k < s.length; k++) {
                s[k] = Matrix.zeros(p.value().rows(), p.value().cols(), p.value().precision());
            }
            slots.set(index, s);
        }
        return s;
    }

    /**
     * The state tensors of every parameter, in parameter order then slot order, created if missing
     * (for checkpoints: write them, later copy values back into the same list of a fresh optimizer).
     */
    public List<Matrix> state(List<Parameter> params) {
        List<Matrix> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            for (Matrix m : slotsFor(i, params.get(i))) {
                out.add(m);
            }
        }
        return out;
    }

    /** Restores the step count (with {@link #state} for the tensors) when resuming. */
    public void setSteps(long steps) {
        this.steps = steps;
    }

    /** The names of this optimizer's slots, e.g. {@code m, v} for Adam (for checkpoint tensor names). */
    public List<String> slotNames() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < slotCount(); k++) {
            names.add("s" + k);
        }
        return names;
    }

    /** Forgets all state (moments, step count), as a fresh optimizer. */
    public void reset() {
        slots.clear();
        steps = 0;
        epoch = 0;
    }

    @Override
    public String toString() {
        return name() + "(lr=" + learningRate + ")";
    }
}
