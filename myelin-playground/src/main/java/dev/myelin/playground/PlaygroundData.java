package dev.myelin.playground;

import dev.myelin.data.Dataset;
import dev.myelin.data.FeatureCross;
import dev.myelin.data.Scaler;
import dev.myelin.data.Synthetic;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's data, ready for the network and for drawing: training and test sets of network inputs
 * (rows × inputs, float64) and targets, and every example's position (u, v) on the plane the page
 * draws.
 *
 * <p>Synthetic sets: the plane is (x1, x2) ∈ [−6, 6]², and the inputs are the chosen feature crosses
 * of (x1, x2). Uploaded CSV: the plane shows two chosen feature columns in their own units; the
 * inputs are all feature columns standardized ((x − mean)/σ, fitted on the training rows); a point
 * of the plane stands for the training mean with the two plane features replaced.
 *
 * <p>Targets: one 0/1 column for two classes, one-hot columns for more, one value column for regression.
 *
 * <p>The split is the command line's ({@link #split}): the same rows, in the same order, as
 * {@code ./myelin train --test-split (100 − ratio)/100 --data-seed dataSeed} holds out, so that the
 * exported command trains on the same training set and gets the same weights.
 */
final class PlaygroundData {

    final boolean regression;
    final List<String> classNames;
    final List<String> inputNames;
    final String labelName;
    final Dataset train;
    final Dataset test;
    final double[][] trainPlane;
    final double[][] testPlane;
    final double[] trainTarget;
    final double[] testTarget;
    final double[] bounds;
    final double[] targetRange;
    final Scaler scaler;
    final List<String> featureCrosses;
    final String[] planeNames;
    private final List<FeatureCross> crosses;
    private final double[] means;
    private final int planeX;
    private final int planeY;

    private PlaygroundData(Builder b) {
        this.regression = b.regression;
        this.classNames = b.classNames;
        this.inputNames = b.inputNames;
        this.labelName = b.labelName;
        this.train = b.train;
        this.test = b.test;
        this.trainPlane = b.trainPlane;
        this.testPlane = b.testPlane;
        this.trainTarget = b.trainTarget;
        this.testTarget = b.testTarget;
        this.bounds = b.bounds;
        this.scaler = b.scaler;
        this.crosses = b.crosses;
        this.featureCrosses = b.crosses == null ? List.of() : b.crosses.stream().map(FeatureCross::label).toList();
        this.means = b.means;
        this.planeX = b.planeX;
        this.planeY = b.planeY;
        this.planeNames = b.planeNames;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double t : trainTarget) {
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        this.targetRange = regression ? new double[] {Math.min(lo, -1e-9), Math.max(hi, 1e-9)} : new double[] {0, 1};
    }

    /** Output columns of the network: 1 for regression and two classes, else one per class. */
    int outputs() {
        return regression || classNames.size() == 2 ? 1 : classNames.size();
    }

    int classes() {
        return regression ? 0 : classNames.size();
    }

    /** The network input for the plane point (u, v), written into {@code out} (length inputs). */
    void input(double u, double v, double[] out) {
        if (crosses != null) {
            for (int j = 0; j < crosses.size(); j++) {
                out[j] = crosses.get(j).of(u, v);
            }
            return;
        }
        double[] raw = means.clone();
        raw[planeX] = u;
        raw[planeY] = v;
        double[] s = scaler.transformRow(raw);
        System.arraycopy(s, 0, out, 0, s.length);
    }

    static PlaygroundData build(PlaygroundConfig c, CsvData csv) {
        return c.isCsv() ? fromCsv(c, csv) : synthetic(c);
    }

    private static PlaygroundData synthetic(PlaygroundConfig c) {
        Dataset all = Synthetic.byName(c.dataset(), c.points(), c.noise(), c.dataSeed());
        int[][] parts = split(all.size(), c);
        Builder b = new Builder();
        b.regression = Synthetic.isRegression(c.dataset());
        b.classNames = b.regression ? List.of() : Synthetic.CLASS_NAMES;
        b.crosses = c.features().stream().map(FeatureCross::byName).toList();
        b.inputNames = c.features();
        b.labelName = b.regression ? "value" : "label";
        b.planeNames = new String[] {"x1", "x2"};
        Dataset crossed = FeatureCross.apply(all, b.crosses);
        b.train = crossed.select(parts[0]);
        b.test = crossed.select(parts[1]);
        b.trainPlane = plane(all.x(), parts[0], 0, 1);
        b.testPlane = plane(all.x(), parts[1], 0, 1);
        b.trainTarget = column(all.y(), parts[0]);
        b.testTarget = column(all.y(), parts[1]);
        b.bounds = new double[] {-6, 6, -6, 6};
        return new PlaygroundData(b);
    }

    private static PlaygroundData fromCsv(PlaygroundConfig c, CsvData csv) {
        if (csv == null) {
            throw HttpError.badRequest("no CSV file has been uploaded to this session; upload one first");
        }
        if (c.isRegression() == csv.classification()) {
            throw HttpError.badRequest("the uploaded label column \"" + csv.labelName() + "\" is for "
                    + (csv.classification() ? "classification" : "regression") + ", but the problem type is " + c.problem());
        }
        int k = csv.featureNames().size();
        if (c.planeX() >= k || c.planeY() >= k || c.planeX() == c.planeY()) {
            throw HttpError.badRequest("planeX and planeY must be two different feature columns from 0 to " + (k - 1));
        }
        int n = csv.rows();
        int[][] parts = split(n, c);
        int nTrain = parts[0].length;
        int[] order = new int[n];
        System.arraycopy(parts[0], 0, order, 0, nTrain);
        System.arraycopy(parts[1], 0, order, nTrain, n - nTrain);
        Builder b = new Builder();
        b.regression = !csv.classification();
        b.classNames = csv.classNames();
        b.inputNames = csv.featureNames();
        b.labelName = csv.labelName();
        b.planeX = c.planeX();
        b.planeY = c.planeY();
        b.planeNames = new String[] {csv.featureNames().get(c.planeX()), csv.featureNames().get(c.planeY())};
        int outputs = b.regression || csv.classNames().size() == 2 ? 1 : csv.classNames().size();
        Matrix x = Matrix.zeros(n, k, Precision.FLOAT64);
        Matrix y = Matrix.zeros(n, outputs, Precision.FLOAT64);
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            int r = order[i];
            for (int j = 0; j < k; j++) {
                x.set(i, j, csv.x()[r][j]);
            }
            target[i] = b.regression ? csv.value(r) : csv.classOf(r);
            if (outputs == 1) {
                y.set(i, 0, target[i]);
            } else {
                y.set(i, (int) target[i], 1);
            }
        }
        Dataset raw = new Dataset(x, y, b.classNames);
        Dataset rawTrain = raw.slice(0, nTrain);
        b.scaler = Scaler.fit(Scaler.Kind.STANDARD, rawTrain.x());
        b.means = b.scaler.offset().clone();
        b.train = b.scaler.transform(rawTrain);
        b.test = b.scaler.transform(raw.slice(nTrain, n));
        b.trainPlane = plane(x, rangeOf(0, nTrain), c.planeX(), c.planeY());
        b.testPlane = plane(x, rangeOf(nTrain, n), c.planeX(), c.planeY());
        b.trainTarget = java.util.Arrays.copyOfRange(target, 0, nTrain);
        b.testTarget = java.util.Arrays.copyOfRange(target, nTrain, n);
        b.bounds = csvBounds(x, c.planeX(), c.planeY());
        return new PlaygroundData(b);
    }

    /**
     * The rows of the training and the test set, each in its order: the command line's rule, so that
     * the exported {@code ./myelin train … --test-split (100 − ratio)/100 --data-seed dataSeed} holds out
     * the same rows in the same order. It is {@link Dataset#split}(fraction, dataSeed ^ Dataset.TEST_SPLIT_STREAM)
     * itself, run on the row numbers: rows 0..n−1 in the order of a seeded shuffle, the last
     * round(n·fraction) of them for testing.
     */
    static int[][] split(int n, PlaygroundConfig c) {
        Matrix rows = Matrix.zeros(n, 1, Precision.FLOAT64);
        for (int r = 0; r < n; r++) {
            rows.set(r, 0, r);
        }
        Dataset[] parts = new Dataset(rows, rows).split(testFraction(c), c.dataSeed() ^ Dataset.TEST_SPLIT_STREAM);
        return new int[][] {rowNumbers(parts[0]), rowNumbers(parts[1])};
    }

    /** The held-out fraction (100 − ratio)/100, as the exported {@code --test-split} writes it. */
    static double testFraction(PlaygroundConfig c) {
        return (100 - c.ratio()) / 100.0;
    }

    private static int[] rowNumbers(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) d.x().get(i, 0);
        }
        return out;
    }

    private static double[][] plane(Matrix x, int[] rows, int cu, int cv) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[] {x.get(rows[i], cu), x.get(rows[i], cv)};
        }
        return out;
    }

    private static double[] column(Matrix y, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y.get(rows[i], 0);
        }
        return out;
    }

    private static int[] rangeOf(int from, int to) {
        int[] out = new int[to - from];
        java.util.Arrays.setAll(out, i -> from + i);
        return out;
    }

    /** The range of the two plane features over all rows, widened by 5% on each side. */
    private static double[] csvBounds(Matrix x, int cu, int cv) {
        double[] b = new double[4];
        int[] cols = {cu, cv};
        for (int k = 0; k < 2; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < x.rows(); r++) {
                lo = Math.min(lo, x.get(r, cols[k]));
                hi = Math.max(hi, x.get(r, cols[k]));
            }
            double pad = hi > lo ? (hi - lo) * 0.05 : 1;
            b[2 * k] = lo - pad;
            b[2 * k + 1] = hi + pad;
        }
        return b;
    }

    private static final class Builder {
        boolean regression;
        List<String> classNames = new ArrayList<>();
        List<String> inputNames;
        String labelName;
        Dataset train;
        Dataset test;
        double[][] trainPlane;
        double[][] testPlane;
        double[] trainTarget;
        double[] testTarget;
        double[] bounds;
        Scaler scaler;
        List<FeatureCross> crosses;
        double[] means;
        int planeX;
        int planeY;
        String[] planeNames;
    }
}
