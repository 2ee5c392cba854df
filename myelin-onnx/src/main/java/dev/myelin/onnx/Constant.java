package dev.myelin.onnx;

/**
 * A constant tensor of the graph (an initializer or a {@code Constant} node's value), in float64,
 * row-major.
 *
 * @param dims the shape; empty for a scalar
 * @param values the elements, as many as the product of {@code dims}
 * @param floating true for a float or double tensor, false for an integer or boolean one
 */
public record Constant(long[] dims, double[] values, boolean floating) {

    public Constant(long[] dims, double[] values) {
        this(dims, values, true);
    }

    public int rank() {
        return dims.length;
    }

    public boolean isScalar() {
        return values.length == 1 && (dims.length == 0 || dims.length == 1 && dims[0] == 1
                || dims.length == 2 && dims[0] == 1 && dims[1] == 1);
    }

    /** Rows × cols for a 2-D tensor. */
    public int rows() {
        return (int) dims[0];
    }

    public int cols() {
        return (int) dims[1];
    }

    /** The transpose of a 2-D tensor. */
    public Constant transpose() {
        int r = rows(), c = cols();
        double[] t = new double[values.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = values[i * c + j];
            }
        }
        return new Constant(new long[] {c, r}, t, floating);
    }

    /** A vector of n values from a scalar, an [n] or a [1, n] tensor; null if the shape is none of these. */
    public double[] vectorOf(int n) {
        if (isScalar()) {
            double[] out = new double[n];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        boolean row = dims.length == 1 && dims[0] == n || dims.length == 2 && dims[0] == 1 && dims[1] == n;
        return row ? values.clone() : null;
    }

    public String shapeText() {
        return java.util.Arrays.toString(dims);
    }
}
