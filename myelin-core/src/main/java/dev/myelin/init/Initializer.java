package dev.myelin.init;

import dev.myelin.activations.Activation;
import dev.myelin.tensor.Matrix;
import java.util.Locale;


/**
 * Fills a weight matrix [fanIn][fanOut] with starting values. All random initializers draw from the
 * {@link Rng} (SplitMix64) they are given, so a network's seed fixes its weights.
 *
 * <ul>
 *   <li>{@code constant(c)}: every weight c.
 *   <li>{@code uniform(lo, hi)}: U(lo, hi).
 *   <li>{@code normal(σ)}: N(0, σ²).
 *   <li>{@code xavier_uniform}: U(−l, l), l = √(6/(fanIn + fanOut)) (Glorot &amp; Bengio 2010).
 *   <li>{@code xavier_normal}: N(0, 2/(fanIn + fanOut)).
 *   <li>{@code he_uniform}: U(−l, l), l = √(6/fanIn) (He et al. 2015).
 *   <li>{@code he_normal}: N(0, 2/fanIn).
 * </ul>
 * Explicit weights are given as values in the JSON network format or through
 * {@code NetworkBuilder.dense(units, activation, weights, bias)}.
 */
public interface Initializer {

    /** Fills {@code w} (fanIn rows × fanOut columns). */
    void fill(Matrix w, Rng rng);

    /** The name used in the JSON format's {@code "init"} key. */
    String name();

    /** The default for a layer with {@code activation}: He-uniform for the ReLU family, Xavier-uniform otherwise. */
    static Initializer defaultFor(Activation activation) {
        return switch (activation.name()) {
            case "relu", "leaky_relu", "elu", "gelu" -> HE_UNIFORM;
            default -> XAVIER_UNIFORM;
        };
    }

    static Initializer constant(double c) {
        return new Named("constant", (w, rng) -> w.fill(c));
    }

    static Initializer zeros() {
        return new Named("zeros", (w, rng) -> w.fill(0));
    }

    static Initializer uniform(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("uniform needs lo ≤ hi, got " + lo + ", " + hi);
        }
        return new Named("uniform", (w, rng) -> {
            for (int i = 0; i < w.size(); i++) {
                w.set(i, lo + (hi - lo) * rng.nextDouble());
            }
        });
    }

    static Initializer normal(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("normal needs σ ≥ 0, got " + sigma);
        }
        return new Named("normal", (w, rng) -> {
            for (int i = 0; i < w.size(); i++) {
                w.set(i, sigma * rng.nextGaussian());
            }
        });
    }

    Initializer XAVIER_UNIFORM = new Named("xavier_uniform",
            (w, rng) -> uniformFill(w, rng, Math.sqrt(6.0 / (w.rows() + w.cols()))));
    Initializer XAVIER_NORMAL = new Named("xavier_normal",
            (w, rng) -> normalFill(w, rng, Math.sqrt(2.0 / (w.rows() + w.cols()))));
    Initializer HE_UNIFORM = new Named("he_uniform",
            (w, rng) -> uniformFill(w, rng, Math.sqrt(6.0 / w.rows())));
    Initializer HE_NORMAL = new Named("he_normal",
            (w, rng) -> normalFill(w, rng, Math.sqrt(2.0 / w.rows())));

    /** Initializers without parameters by name, plus {@code normal} (σ = 1) and {@code uniform} (U(−1, 1)). */
    static Initializer byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "xavier_uniform", "glorot_uniform", "xavier", "glorot" -> XAVIER_UNIFORM;
            case "xavier_normal", "glorot_normal" -> XAVIER_NORMAL;
            case "he_uniform", "kaiming_uniform", "he" -> HE_UNIFORM;
            case "he_normal", "kaiming_normal" -> HE_NORMAL;
            case "zeros", "zero" -> zeros();
            case "normal" -> normal(1);
            case "uniform" -> uniform(-1, 1);
            default -> throw new IllegalArgumentException("unknown initializer '" + name
                    + "': expected one of xavier_uniform, xavier_normal, he_uniform, he_normal, normal, uniform, zeros");
        };
    }

    private static void uniformFill(Matrix w, Rng rng, double limit) {
        for (int i = 0; i < w.size(); i++) {
            w.set(i, (2 * rng.nextDouble() - 1) * limit);
        }
    }

    private static void normalFill(Matrix w, Rng rng, double sigma) {
        for (int i = 0; i < w.size(); i++) {
            w.set(i, sigma * rng.nextGaussian());
        }
    }

    /** A named lambda initializer. */
    record Named(String name, java.util.function.BiConsumer<Matrix, Rng> body) implements Initializer {
        @Override
        public void fill(Matrix w, Rng rng) {
            body.accept(w, rng);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
