package dev.myelin.explain;

import java.util.Locale;

/** One line per optimizer that says how it turns ∂E/∂w into an update (PyTorch's documented forms). */
final class OptimizerFormulas {
    private OptimizerFormulas() {}

    static String describe(String optimizer) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> "w ← w − η·g";
            case "momentum" -> "momentum_buffer b ← μ·b + g (b = g at step 1), w ← w − η·b, μ = 0.9";
            case "nesterov" -> "b ← μ·b + g, w ← w − η·(g + μ·b), μ = 0.9";
            case "adam" -> "Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·m̂/(√v̂ + ε), "
                    + "m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), β₁ = 0.9, β₂ = 0.999, ε = 1e-8";
            case "adamw" -> "AdamW: Adam with decoupled weight decay";
            case "adagrad" -> "Adagrad: s ← s + g², w ← w − η·g/(√s + ε), ε = 1e-10";
            case "rmsprop" -> "RMSprop: v ← α·v + (1 − α)·g², w ← w − η·g/(√v + ε), α = 0.99, ε = 1e-8";
            case "adadelta" -> "Adadelta: v ← ρv + (1 − ρ)g², Δ = √(u + ε)/√(v + ε)·g, u ← ρu + (1 − ρ)Δ², w ← w − η·Δ, "
                    + "ρ = 0.9, ε = 1e-6";
            default -> optimizer;
        };
    }
}
