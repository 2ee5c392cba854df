package dev.myelin.data;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The TensorFlow Playground's input features, computed from the two raw features (x1, x2) of each
 * example: X1, X2, X1², X2², X1·X2, sin X1, sin X2. {@link #apply(Dataset, List)} turns a
 * 2-feature data set (rows × 2) into one with the chosen features as columns (rows × k), in the
 * order given; targets and class names are kept.
 */
public enum FeatureCross {
    X1("x1"),
    X2("x2"),
    X1_SQUARED("x1sq"),
    X2_SQUARED("x2sq"),
    X1_TIMES_X2("x1x2"),
    SIN_X1("sinx1"),
    SIN_X2("sinx2");

    private final String label;

    FeatureCross(String label) {
        this.label = label;
    }

    /** The short name: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2. */
    public String label() {
        return label;
    }

    /** This feature of the point (x1, x2). */
    public double of(double x1, double x2) {
        return switch (this) {
            case X1 -> x1;
            case X2 -> x2;
            case X1_SQUARED -> x1 * x1;
            case X2_SQUARED -> x2 * x2;
            case X1_TIMES_X2 -> x1 * x2;
            case SIN_X1 -> Math.sin(x1);
            case SIN_X2 -> Math.sin(x2);
        };
    }

    /** The feature named {@code name} (its {@link #label}, case-insensitive). */
    public static FeatureCross byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (FeatureCross f : values()) {
            if (f.label.equals(n)) {
                return f;
            }
        }
        List<String> labels = new ArrayList<>();
        for (FeatureCross f : values()) {
            labels.add(f.label);
        }
        throw new IllegalArgumentException("unknown feature '" + name + "': expected one of " + String.join(", ", labels));
    }

    /** {@link #apply(Dataset, List)} with features by name, e.g. {@code apply(data, "x1", "x2", "x1x2")}. */
    public static Dataset apply(Dataset data, String... names) {
        List<FeatureCross> features = new ArrayList<>();
        for (String n : names) {
            features.add(byName(n));
        }
        return apply(data, features);
    }

    /**
     * A new data set whose column j is {@code features.get(j)} of each example's (x1, x2); x is
     * rows × features.size() in float64, y is shared with {@code data}.
     */
    public static Dataset apply(Dataset data, List<FeatureCross> features) {
        if (data.features() != 2) {
            throw new IllegalArgumentException("feature crosses need a data set with 2 features (x1, x2), this one has "
                    + data.features());
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("choose at least one input feature");
        }
        Matrix src = data.x();
        Matrix x = Matrix.zeros(data.size(), features.size(), Precision.FLOAT64);
        for (int r = 0; r < data.size(); r++) {
            double x1 = src.get(r, 0), x2 = src.get(r, 1);
            for (int j = 0; j < features.size(); j++) {
                x.set(r, j, features.get(j).of(x1, x2));
            }
        }
        return new Dataset(x, data.y(), data.classNames());
    }
}
