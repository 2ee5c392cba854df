package dev.myelin.data;

import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;

/**
 * Examples and their targets: features x (rows × features) and targets y (rows × outputs: one-hot
 * class indicators, a 0/1 column, or regression values). Class names, when known, name y's columns
 * (or the two values of a single 0/1 column).
 *
 * <p>Features may be stored in float32 to halve memory (MNIST's 60,000 images take 188 MB); the
 * trainer converts each batch to the network's precision as it gathers it.
 */
public final class Dataset {
    private final Matrix x;
    private final Matrix y;
    private final List<String> classNames;

    public Dataset(Matrix x, Matrix y, List<String> classNames) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("a data set needs one target row per example: " + x.rows()
                    + " examples, " + y.rows() + " targets");
        }
        this.x = x;
        this.y = y;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    public Dataset(Matrix x, Matrix y) {
        this(x, y, null);
    }

    /** From arrays, stored in float64. */
    public static Dataset of(double[][] x, double[][] y) {
        return new Dataset(Matrix.of(x, Precision.FLOAT64), Matrix.of(y, Precision.FLOAT64));
    }

    /** From features and integer class labels 0..classes−1, one-hot encoded. */
    public static Dataset ofLabels(double[][] x, int[] labels, int classes) {
        return new Dataset(Matrix.of(x, Precision.FLOAT64), oneHot(labels, classes, Precision.FLOAT64));
    }

    /** A rows × classes matrix with a 1 in column labels[r] of each row r. */
    public static Matrix oneHot(int[] labels, int classes, Precision precision) {
        Matrix m = Matrix.zeros(labels.length, classes, precision);
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("label " + labels[r] + " of example " + r
                        + " is outside 0.." + (classes - 1));
            }
            m.set(r, labels[r], 1);
        }
        return m;
    }

    public Matrix x() {
        return x;
    }

    public Matrix y() {
        return y;
    }

    public int size() {
        return x.rows();
    }

    public int features() {
        return x.cols();
    }

    public int outputs() {
        return y.cols();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The examples at {@code indices}, in that order (a copy). */
    public Dataset select(int[] indices) {
        Matrix nx = Matrix.zeros(indices.length, x.cols(), x.precision());
        Matrix ny = Matrix.zeros(indices.length, y.cols(), y.precision());
        for (int i = 0; i < indices.length; i++) {
            nx.copyRow(x, indices[i], i);
            ny.copyRow(y, indices[i], i);
        }
        return new Dataset(nx, ny, classNames);
    }

    /** Examples [from, to) (a copy). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("cannot take examples " + from + ".." + to + " of " + size());
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return select(idx);
    }

    /** A copy in a random order fixed by {@code seed}. */
    public Dataset shuffled(long seed) {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        new Rng(seed).shuffle(idx);
        return select(idx);
    }

    /**
     * The seed stream of the held-out test split: data seed s splits with {@code s ^ TEST_SPLIT_STREAM}.
     * The command line's {@code --test-split}/{@code --data-seed} and the playground use it, so both hold out
     * the same rows.
     */
    public static final long TEST_SPLIT_STREAM = 0x7E57L;

    /** The seed stream of the validation split, as {@link #TEST_SPLIT_STREAM} is the test split's. */
    public static final long VALIDATION_SPLIT_STREAM = 0x7A11DL;

    /**
     * Splits off the last round(n·{@code fraction}) of the examples (after a seeded shuffle if {@code seed} is
     * not null): element 0 is the rest, element 1 the split-off part.
     */
    public Dataset[] split(double fraction, Long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("a split fraction must be between 0 and 1, got " + fraction);
        }
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (seed != null) {
            new Rng(seed).shuffle(order);
        }
        int cut = size() - (int) Math.round(size() * fraction);
        if (cut == 0 || cut == size()) {
            throw new IllegalArgumentException("splitting " + size() + " examples by " + fraction + " leaves one side empty");
        }
        // straight from the shuffled order: no intermediate shuffled copy of the whole set
        return new Dataset[] {select(java.util.Arrays.copyOfRange(order, 0, cut)),
            select(java.util.Arrays.copyOfRange(order, cut, order.length))};
    }

    /** The class index of each example: the argmax of y's row, or y ≥ 0.5 for one column. */
    public int[] labels() {
        return Labels.of(y);
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " examples, " + features() + " features, " + outputs() + " outputs)";
    }
}
