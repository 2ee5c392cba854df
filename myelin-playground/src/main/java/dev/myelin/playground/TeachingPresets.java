package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.tensor.Precision;
import java.util.List;

/**
 * The lecture notes' worked examples, for the teaching mode: each a network with the notes' weights,
 * its examples, loss and learning rate. Stepping one shows the numbers {@code ./myelin explain}
 * prints for the same network, input, target, loss and rate (both call the core's
 * {@link dev.myelin.explain.Explainer}).
 *
 * @param name the preset's key
 * @param title what the page shows
 * @param x every example's input; "one example" steps use the first
 * @param y every example's target
 * @param loss the loss's name
 * @param learningRate η
 * @param command the {@code ./myelin explain} line that prints the same numbers for one example
 */
record TeachingPresets(String name, String title, double[][] x, double[][] y, String loss, double learningRate,
        String command, Network network) {

    static final List<String> NAMES = List.of("odd-even", "xor-or-and", "energy", "two-weights");

    /** The preset called {@code name}, with a fresh copy of its network. */
    static TeachingPresets byName(String name) {
        return switch (name) {
            // notes 000: |2 − 9| is odd → 1, |5 − 3| is even → 0; the 2-3-1 sigmoid network of the slides
            case "odd-even" -> new TeachingPresets(name, "Odd or even difference (notes 000): 2-3-1 sigmoid, ½(y − ŷ)², η = 0.1",
                    new double[][] {{2, 9}, {5, 3}}, new double[][] {{1}, {0}}, "half_sse", 0.1,
                    "./myelin explain --network examples/notes.json --input \"2,9\" --target 1 --loss half_sse --lr 0.1",
                    sigmoid(new double[][] {{0.2, 0.6, 0.1}, {0.8, 0.3, 0.7}}, new double[] {0.1, 0.1, 0.1},
                            new double[][] {{0.4}, {0.5}, {0.9}}, new double[] {0.2}));
            // notes 001: XOR(x1, x2) = OR(x1, x2) AND NOT AND(x1, x2), built by hand from two sigmoid units
            case "xor-or-and" -> new TeachingPresets(name, "XOR built by hand from OR and AND (notes 001): 2-2-1 sigmoid, "
                    + "½(y − ŷ)², η = 0.1", new double[][] {{0, 1}, {0, 0}, {1, 0}, {1, 1}},
                    new double[][] {{1}, {0}, {1}, {0}}, "half_sse", 0.1,
                    "./myelin explain --network xor.json --input \"0,1\" --target 1 --loss half_sse --lr 0.1",
                    sigmoid(new double[][] {{20, 20}, {20, 20}}, new double[] {-10, -30},
                            new double[][] {{20}, {-20}}, new double[] {-10}));
            // notes 001: temperature 0.4, people 0.5 → energy 0.27 (weights reconstructed, see EnergyUsageTest)
            case "energy" -> new TeachingPresets(name, "Energy usage (notes 001): 2-2-1 sigmoid, ½(y − ŷ)², η = 0.01",
                    new double[][] {{0.4, 0.5}, {0.3, 0.3}, {0.6, 0.7}, {0.1, 0.2}, {0.8, 0.9}},
                    new double[][] {{0.27}, {0.17}, {0.37}, {0.12}, {0.47}}, "half_sse", 0.01,
                    "./myelin explain --network energy.json --input \"0.4,0.5\" --target 0.27 --loss half_sse --lr 0.01",
                    sigmoid(new double[][] {{0.3, 0.2}, {0.5, 0.4}}, new double[] {0, 0},
                            new double[][] {{0.6}, {0.8}}, new double[] {0}));
            // notes 004: x = (0.50, 0.51), w = (0.35, 0.40), y = 0.10, η = 1 (the notes have no bias; ours starts at 0)
            case "two-weights" -> new TeachingPresets(name, "Two weights (notes 004): 2-1 sigmoid, ½(y − ŷ)², η = 1",
                    new double[][] {{0.50, 0.51}}, new double[][] {{0.10}}, "half_sse", 1,
                    "./myelin explain --network two.json --input \"0.5,0.51\" --target 0.1 --loss half_sse --lr 1",
                    Network.builder(2).dense(new double[][] {{0.35}, {0.40}}, new double[] {0}, Activation.SIGMOID)
                            .precision(Precision.FLOAT64).build());
            default -> throw HttpError.badRequest("unknown preset \"" + name + "\": expected one of " + String.join(", ", NAMES));
        };
    }

    private static Network sigmoid(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        return Network.builder(2).dense(w1, b1, Activation.SIGMOID).dense(w2, b2, Activation.SIGMOID)
                .precision(Precision.FLOAT64).build();
    }
}
