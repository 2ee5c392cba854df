package dev.myelin.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.Matrix;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Feature scaling, fitted on the training data only and saved with the model, so that predictions
 * see inputs scaled exactly as in training. Every kind is one affine map per column j:
 * <pre>
 *   x'_j = (x_j − offset_j) / scale_j
 * </pre>
 * <ul>
 *   <li>{@link Kind#MINMAX}: offset = min_j, scale = max_j − min_j, so the training data spans [0, 1]
 *       (scikit-learn {@code MinMaxScaler});
 *   <li>{@link Kind#STANDARD}: offset = μ_j (the mean), scale = σ_j, the population standard deviation
 *       √(Σ(x − μ)²/n) (scikit-learn {@code StandardScaler}), so each column has mean 0 and variance 1;
 *   <li>{@link Kind#NONE}: offset 0, scale 1.
 * </ul>
 * A constant column (max = min, or σ = 0) gets scale 1, so it maps to 0 instead of dividing by zero.
 *
 * <p><b>The notes' energy example</b> (notes 001: temperature 10 °C → 0.40, 5 → 0.30, 20 → 0.60,
 * −5 → 0.10, 30 → 0.80; people 50 → 0.50; energy 2700 → 0.27) is a min-max scaling over a fixed
 * range chosen by hand, not over the five rows: temperature over [−10, 40] (x' = (x + 10)/50), people
 * over [0, 100], energy over [0, 10000]. Fitting min-max on the five rows would give 10 °C →
 * 15/35 ≈ 0.4286 instead. {@link #minMax(double[], double[])} builds such a fixed-range scaler.
 *
 * <p>Shapes: x is rows × {@link #features()}.
 */
public final class Scaler {
    /** The kinds of scaling. */
    public enum Kind {
        NONE, MINMAX, STANDARD;

        /** The name used in JSON and on the command line: {@code none}, {@code minmax}, {@code standard}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a label, case-insensitive ({@code min-max}, {@code standardize} also accepted). */
        public static Kind parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "minmax", "min-max", "min_max" -> MINMAX;
                case "standard", "standardize", "zscore", "z-score" -> STANDARD;
                default -> throw new IllegalArgumentException(
                        "unknown scaling '" + name + "': expected none, minmax or standard");
            };
        }
    }

    private static final Set<String> KEYS = Set.of("kind", "offset", "scale");
    /** The smallest scale a stored scaler may have: a fitted one is a spread or a range of real data, never this small. */
    static final double MIN_SCALE = 1e-30;

    private final Kind kind;
    private final double[] offset;
    private final double[] scale;

    private Scaler(Kind kind, double[] offset, double[] scale) {
        this.kind = kind;
        this.offset = offset;
        this.scale = scale;
    }

    /** The identity on {@code features} columns. */
    public static Scaler none(int features) {
        if (features < 0) {
            throw new IllegalArgumentException("a scaler needs a non-negative number of features, got " + features);
        }
        double[] ones = new double[features];
        Arrays.fill(ones, 1);
        return new Scaler(Kind.NONE, new double[features], ones);
    }

    /**
     * Fits per-column parameters on {@code x} (rows × features), which should be the training data
     * only. A constant column gets scale 1.
     */
    public static Scaler fit(Kind kind, Matrix x) {
        int n = x.rows(), c = x.cols();
        if (kind == Kind.NONE) {
            return none(c);
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a " + kind.label() + " scaler on no examples");
        }
        double[] offset = new double[c];
        double[] scale = new double[c];
        for (int j = 0; j < c; j++) {
            if (kind == Kind.MINMAX) {
                double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < n; r++) {
                    double v = checkFinite(x.get(r, j), r, j);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                offset[j] = min;
                scale[j] = max > min ? max - min : 1;
            } else {
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    sum += checkFinite(x.get(r, j), r, j);
                }
                double mean = sum / n;
                double sq = 0;
                for (int r = 0; r < n; r++) {
                    double d = x.get(r, j) - mean;
                    sq += d * d;
                }
                double sigma = Math.sqrt(sq / n);
                offset[j] = mean;
                scale[j] = sigma > 0 ? sigma : 1;
            }
        }
        return new Scaler(kind, offset, scale);
    }

    /** A min-max scaler over fixed ranges [min_j, max_j] (as in the notes' energy example). */
    public static Scaler minMax(double[] min, double[] max) {
        if (min.length != max.length) {
            throw new IllegalArgumentException("min has " + min.length + " values but max has " + max.length);
        }
        double[] scale = new double[min.length];
        for (int j = 0; j < min.length; j++) {
            if (!Double.isFinite(min[j]) || !Double.isFinite(max[j]) || !(max[j] >= min[j])) {
                throw new IllegalArgumentException("feature " + j + ": the range [" + min[j] + ", " + max[j] + "] is not valid");
            }
            scale[j] = max[j] > min[j] ? max[j] - min[j] : 1;
        }
        return new Scaler(Kind.MINMAX, min.clone(), scale);
    }

    private static double checkFinite(double v, int r, int j) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot fit a scaler: example " + r + ", feature " + j + " is " + v);
        }
        return v;
    }

    public Kind kind() {
        return kind;
    }

    public int features() {
        return offset.length;
    }

    /** offset_j per column (a copy). */
    public double[] offset() {
        return offset.clone();
    }

    /** scale_j per column (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /** x' = (x − offset)/scale for every row: a new matrix of the same shape and precision. */
    public Matrix transform(Matrix x) {
        checkFeatures(x.cols());
        Matrix out = Matrix.zeros(x.rows(), x.cols(), x.precision());
        int c = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < c; j++) {
                out.set(r * c + j, (x.get(r * c + j) - offset[j]) / scale[j]);
            }
        }
        return out;
    }

    /** The data set with its features scaled and its targets and class names unchanged. */
    public Dataset transform(Dataset d) {
        return new Dataset(transform(d.x()), d.y(), d.classNames());
    }

    /** One example scaled (a new array). */
    public double[] transformRow(double[] x) {
        checkFeatures(x.length);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = (x[j] - offset[j]) / scale[j];
        }
        return out;
    }

    /** The inverse map x = x'·scale + offset for every row: a new matrix of the same shape and precision. */
    public Matrix inverseTransform(Matrix scaled) {
        checkFeatures(scaled.cols());
        Matrix out = Matrix.zeros(scaled.rows(), scaled.cols(), scaled.precision());
        int c = scaled.cols();
        for (int r = 0; r < scaled.rows(); r++) {
            for (int j = 0; j < c; j++) {
                out.set(r * c + j, scaled.get(r * c + j) * scale[j] + offset[j]);
            }
        }
        return out;
    }

    /** The inverse map x = x'·scale + offset for one example (a new array). */
    public double[] inverseTransformRow(double[] scaled) {
        checkFeatures(scaled.length);
        double[] out = new double[scaled.length];
        for (int j = 0; j < scaled.length; j++) {
            out[j] = scaled[j] * scale[j] + offset[j];
        }
        return out;
    }

    private void checkFeatures(int cols) {
        if (cols != offset.length) {
            throw new IllegalArgumentException("the scaler was fitted on " + offset.length + " features, got " + cols);
        }
    }

    /** {@code {"kind": "minmax", "offset": [..], "scale": [..]}}; numbers round-trip exactly. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", kind.label());
        ArrayNode off = o.putArray("offset");
        ArrayNode sc = o.putArray("scale");
        for (int j = 0; j < offset.length; j++) {
            off.add(offset[j]);
            sc.add(scale[j]);
        }
        return o;
    }

    /**
     * Reads {@link #toJson()}'s form strictly: exactly the keys kind, offset and scale; offset and
     * scale arrays of the same length of finite numbers, scales non-zero. Errors are
     * {@link IllegalArgumentException}s starting with the JSON path, e.g. {@code scaler.scale[1]: ...}.
     */
    public static Scaler fromJson(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + ": expected a scaler object, found " + describe(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(path + "." + k + ": unknown key (allowed here: kind, offset, scale)");
            }
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new IllegalArgumentException(path + ".kind: expected \"none\", \"minmax\" or \"standard\", found "
                    + describe(kindNode));
        }
        Kind kind = switch (kindNode.asText()) {
            case "none" -> Kind.NONE;
            case "minmax" -> Kind.MINMAX;
            case "standard" -> Kind.STANDARD;
            default -> throw new IllegalArgumentException(path + ".kind: expected \"none\", \"minmax\" or \"standard\", found "
                    + describe(kindNode));
        };
        double[] offset = numbers(node.get("offset"), path + ".offset", false);
        double[] scale = numbers(node.get("scale"), path + ".scale", true);
        if (offset.length != scale.length) {
            throw new IllegalArgumentException(path + ": offset has " + offset.length + " values but scale has " + scale.length);
        }
        return new Scaler(kind, offset, scale);
    }

    private static double[] numbers(JsonNode a, String path, boolean nonZero) {
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(path + ": expected an array of numbers, found " + describe(a));
        }
        double[] out = new double[a.size()];
        for (int j = 0; j < out.length; j++) {
            JsonNode v = a.get(j);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new IllegalArgumentException(path + "[" + j + "]: expected a finite number, found " + describe(v));
            }
            if (nonZero && v.doubleValue() == 0) {
                throw new IllegalArgumentException(path + "[" + j + "]: a scale must not be 0");
            }
            if (nonZero && Math.abs(v.doubleValue()) < MIN_SCALE) {
                // x / 1e-320 overflows to infinity: the model would answer NaN
                throw new IllegalArgumentException(path + "[" + j + "]: the scale " + v.doubleValue() + " is below " + MIN_SCALE
                        + " in size; dividing by it overflows");
            }
            out[j] = v.doubleValue();
        }
        return out;
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return "the string \"" + v.asText() + "\"";
        }
        if (v.isContainerNode()) {
            return v.isArray() ? "an array" : "an object";
        }
        return v.toString();
    }

    /** Same kind and bit-identical offsets and scales. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler other && kind == other.kind && Arrays.equals(offset, other.offset)
                && Arrays.equals(scale, other.scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 * 31 + Arrays.hashCode(offset) * 31 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Scaler(" + kind.label() + ", offset=" + Arrays.toString(offset) + ", scale=" + Arrays.toString(scale) + ")";
    }
}
