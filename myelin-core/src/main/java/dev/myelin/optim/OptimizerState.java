package dev.myelin.optim;

import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Optimizer} remembers during one fit of one network: each parameter's slots
 * (momentum buffers, Adam's moments m and v...), the step count t and the current epoch (for the
 * schedule). Made by {@link Optimizer#start}; keyed by parameter name ({@code layers.0.weight}),
 * so checkpoints store {@code layers.0.weight.exp_avg} and a state never follows a list index into
 * the wrong tensor. Slots are zero tensors of the parameter's shape and precision, allocated once
 * here (a step allocates nothing).
 *
 * <p>Not thread-safe: one state belongs to one training loop.
 */
public final class OptimizerState {
    private final Optimizer optimizer;
    private final Map<String, Parameter> parameters;
    private final List<Parameter> parameterList;
    private final Matrix[][] slots;
    private int epoch;
    private long steps;

    OptimizerState(Optimizer optimizer, Map<String, Parameter> parameters) {
        this.optimizer = optimizer;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.parameterList = List.copyOf(parameters.values());
        this.slots = new Matrix[parameterList.size()][optimizer.slots()];
        for (int i = 0; i < parameterList.size(); i++) {
            Matrix v = parameterList.get(i).value();
            for (int k = 0; k < slots[i].length; k++) {
                slots[i][k] = Matrix.zeros(v.rows(), v.cols(), v.precision());
            }
        }
    }

    /** The configuration this state belongs to. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The parameters this state updates, by name, in update order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    List<Parameter> parameterList() {
        return parameterList;
    }

    Matrix[] slotsAt(int index) {
        return slots[index];
    }

    /**
     * One optimizer step on every parameter from the gradients they hold (see {@link Optimizer}):
     * t ← t + 1, then regularization, clipping and the algorithm's update with the learning rate of
     * the current epoch.
     */
    public void step() {
        steps++;
        optimizer.step(this);
    }

    /** Tells the state which epoch (0-based) is running, for the learning-rate schedule. */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("the epoch must be ≥ 0, got " + epoch);
        }
        this.epoch = epoch;
    }

    /** The current epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The learning rate in force now: the schedule at the current epoch. */
    public double learningRate() {
        return optimizer.learningRate(epoch);
    }

    /** The number of steps taken so far (t of the last step). */
    public long steps() {
        return steps;
    }

    /** Restores the step count when resuming from a checkpoint (with {@link #tensors} for the slots). */
    public void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("the step count must be ≥ 0, got " + steps);
        }
        this.steps = steps;
    }

    /** The slots of parameter {@code name}, in {@link Optimizer#slotNames()} order. */
    public List<Matrix> slots(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("the optimizer state has no parameter named " + name + "; it has "
                    + parameters.keySet());
        }
        return List.of(slots[parameterList.indexOf(p)]);
    }

    /**
     * Every slot tensor by name {@code {parameter}.{slot}} (e.g. {@code layers.0.weight.exp_avg}), in
     * parameter then slot order: write them to save the state, copy values into them to restore it.
     */
    public Map<String, Matrix> tensors() {
        Map<String, Matrix> out = new LinkedHashMap<>();
        List<String> slotNames = optimizer.slotNames();
        List<String> names = new ArrayList<>(parameters.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int k = 0; k < slots[i].length; k++) {
                out.put(names.get(i) + "." + slotNames.get(k), slots[i][k]);
            }
        }
        return out;
    }

    /** Whether this state updates exactly these parameter objects (the same network, not a copy). */
    public boolean updates(List<Parameter> params) {
        if (params.size() != parameterList.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) != parameterList.get(i)) {
                return false;
            }
        }
        return true;
    }
}
