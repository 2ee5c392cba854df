package dev.myelin.optim;

import java.util.List;
import java.util.Locale;

/** Creates optimizers by their command-line names with PyTorch's defaults. */
public final class Optimizers {
    private Optimizers() {}

    public static final List<String> NAMES =
            List.of("sgd", "momentum", "nesterov", "adam", "adamw", "adagrad", "rmsprop", "adadelta");

    /** The learning rate PyTorch uses by default for {@code name}. */
    public static double defaultLearningRate(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam", "adamw" -> 1e-3;
            case "adagrad", "rmsprop" -> 1e-2;
            case "adadelta" -> 1.0;
            default -> 0.01;
        };
    }

    /** {@code name} with learning rate {@code lr} (momentum 0.9 for momentum and nesterov). */
    public static Optimizer create(String name, double lr) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new Momentum(lr, 0.9);
            case "nesterov" -> new Momentum(lr, 0.9, true);
            case "adam" -> new Adam(lr);
            case "adamw" -> new AdamW(lr);
            case "adagrad" -> new Adagrad(lr);
            case "rmsprop" -> new RmsProp(lr);
            case "adadelta" -> new Adadelta(lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "': expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
