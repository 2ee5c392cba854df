package dev.myelin.perceptron;

import java.util.Arrays;

/**
 * Rosenblatt's perceptron (1958; notes 001, 003): output = 1 if Σⱼ wⱼxⱼ + b &gt; 0, else 0, with
 * b = −threshold.
 *
 * <p>The perceptron learning rule, for each example in turn: w ← w + η(t − o)x, b ← b + η(t − o),
 * where t is the target and o the output. It converges when the classes are linearly separable (AND,
 * OR) and never does for XOR, which no single line separates (Minsky &amp; Papert 1969).
 */
public final class Perceptron {
    private final double[] w;
    private double b;

    /** A perceptron with all weights and the bias at 0. */
    public Perceptron(int inputs) {
        this(new double[inputs], 0);
    }

    /** A perceptron with given weights and bias (bias = −threshold). */
    public Perceptron(double[] weights, double bias) {
        this.w = weights.clone();
        this.b = bias;
    }

    /** A perceptron that fires when Σ wⱼxⱼ &gt; threshold (the notes' cheese-festival form). */
    public static Perceptron withThreshold(double[] weights, double threshold) {
        return new Perceptron(weights, -threshold);
    }

    /** Σ wⱼxⱼ + b. */
    public double weightedSum(double[] x) {
        if (x.length != w.length) {
            throw new IllegalArgumentException("the perceptron has " + w.length + " inputs, got " + x.length);
        }
        double z = b;
        for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
        }
        return z;
    }

    /** 1 if Σ wⱼxⱼ + b &gt; 0, else 0. */
    public int predict(double[] x) {
        return weightedSum(x) > 0 ? 1 : 0;
    }

    /** The weights w, one per input (a copy). */
    public double[] weights() {
        return w.clone();
    }

    /** The bias b. */
    public double bias() {
        return b;
    }

    /**
     * Runs the perceptron rule over the examples for at most {@code maxEpochs} epochs, stopping at the
     * first epoch without a mistake.
     */
    public Result train(double[][] x, int[] targets, double learningRate, int maxEpochs) {
        int[] mistakes = new int[maxEpochs];
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            int errors = 0;
            for (int i = 0; i < x.length; i++) {
                int o = predict(x[i]);
                int diff = targets[i] - o;
                if (diff != 0) {
                    errors++;
                    for (int j = 0; j < w.length; j++) {
                        w[j] += learningRate * diff * x[i][j];
                    }
                    b += learningRate * diff;
                }
            }
            mistakes[epoch] = errors;
            if (errors == 0) {
                return new Result(true, epoch + 1, Arrays.copyOf(mistakes, epoch + 1));
            }
        }
        return new Result(false, maxEpochs, mistakes);
    }

    /**
     * The outcome of training.
     *
     * @param converged whether an epoch passed with no mistake
     * @param epochs epochs run
     * @param mistakesPerEpoch misclassified examples in each epoch
     */
    public record Result(boolean converged, int epochs, int[] mistakesPerEpoch) {}

    @Override
    public String toString() {
        return "Perceptron(w=" + Arrays.toString(w) + ", b=" + b + ")";
    }
}
