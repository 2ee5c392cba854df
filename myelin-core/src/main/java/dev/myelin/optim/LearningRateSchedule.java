package dev.myelin.optim;

/**
 * The learning rate as a function of the epoch (0-based), stepped once per epoch like PyTorch's
 * {@code lr_scheduler}s.
 * <ul>
 *   <li>{@link #step(int, double)}: η·γ^⌊epoch/k⌋ ({@code StepLR});
 *   <li>{@link #exponential(double)}: η·γ^epoch ({@code ExponentialLR});
 *   <li>{@link #cosine(int, double)}: η_min + ½(η − η_min)(1 + cos(π·epoch/T)) ({@code CosineAnnealingLR},
 *       held at η_min after T).
 * </ul>
 */
@FunctionalInterface
public interface LearningRateSchedule {
    LearningRateSchedule CONSTANT = (base, epoch) -> base;

    double rate(double base, int epoch);

    static LearningRateSchedule step(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule: the step must be at least 1 epoch, got " + everyEpochs);
        }
        return (base, epoch) -> base * Math.pow(gamma, epoch / everyEpochs);
    }

    static LearningRateSchedule exponential(double gamma) {
        return (base, epoch) -> base * Math.pow(gamma, epoch);
    }

    static LearningRateSchedule cosine(int periodEpochs, double minRate) {
        if (periodEpochs < 1) {
            throw new IllegalArgumentException("cosine schedule: the period must be at least 1 epoch, got " + periodEpochs);
        }
        return (base, epoch) -> {
            int t = Math.min(epoch, periodEpochs);
            return minRate + 0.5 * (base - minRate) * (1 + Math.cos(Math.PI * t / periodEpochs));
        };
    }
}
