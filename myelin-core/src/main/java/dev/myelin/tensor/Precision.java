package dev.myelin.tensor;

/**
 * The number format a network computes and stores its values in.
 *
 * <p>{@link #FLOAT32} is the default: half the memory and twice the SIMD width. {@link #FLOAT64}
 * is the exact path, used by {@code myelin explain} and by gradient checks, so that a trace shows
 * the lecture notes' figures (for example w9 = 0.90127325094) to every digit.
 */
public enum Precision {
    FLOAT32,
    FLOAT64;

    /** Parses {@code float32}/{@code float64} (also {@code f32}, {@code double}...), case-insensitive. */
    public static Precision parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float", "single" -> FLOAT32;
            case "float64", "f64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException(
                    "unknown precision '" + name + "': expected float32 or float64");
        };
    }

    /** The lowercase name used on the command line and in files: {@code float32} or {@code float64}. */
    public String label() {
        return this == FLOAT32 ? "float32" : "float64";
    }
}
