package dev.myelin.tensor;

import java.util.Arrays;

/**
 * A dense row-major matrix of {@code float} or {@code double} values: the one data structure the
 * engine computes on.
 *
 * <p><b>Shapes.</b> Activations are batch rows × feature columns; dense weights are [inputs][units],
 * so element (i, j) of a weight matrix is w_ij, the weight from input i to unit j, as in the notes.
 *
 * <p>A matrix has a fixed capacity and a row count that may shrink or grow within it
 * ({@link #setRows}), so a layer sizes its workspaces once for the largest batch and reuses them for a
 * smaller last batch without allocating. Element access by {@link #get(int)}/{@link #set(int, double)}
 * works in either precision; hot loops use the raw arrays through the kernel package.
 */
public final class Matrix {
    private int rows;
    private final int cols;
    private final int capacityRows;
    private final float[] f;
    private final double[] d;

    private Matrix(int rows, int cols, float[] f, double[] d) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("a matrix needs a non-negative shape, got " + rows + "×" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.capacityRows = rows;
        this.f = f;
        this.d = d;
    }

    /** A zero matrix of the given shape and precision. */
    public static Matrix zeros(int rows, int cols, Precision precision) {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix is too large (over 2^31 elements)");
        }
        return precision == Precision.FLOAT32
                ? new Matrix(rows, cols, new float[(int) n], null)
                : new Matrix(rows, cols, null, new double[(int) n]);
    }

    /** Wraps a row-major float array (not copied). */
    public static Matrix wrap(float[] values, int rows, int cols) {
        checkLength(values.length, rows, cols);
        return new Matrix(rows, cols, values, null);
    }

    /** Wraps a row-major double array (not copied). */
    public static Matrix wrap(double[] values, int rows, int cols) {
        checkLength(values.length, rows, cols);
        return new Matrix(rows, cols, null, values);
    }

    /** Copies a rectangular array of rows into a new matrix. */
    public static Matrix of(double[][] values, Precision precision) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = zeros(r, c, precision);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + values[i].length + " values, expected " + c + " like row 0");
            }
            for (int j = 0; j < c; j++) {
                m.set(i, j, values[i][j]);
            }
        }
        return m;
    }

    /** A one-row matrix. */
    public static Matrix row(double[] values, Precision precision) {
        return of(new double[][] {values}, precision);
    }

    private static void checkLength(int length, int rows, int cols) {
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException(
                    "an array of " + length + " values cannot be a " + rows + "×" + cols + " matrix");
        }
    }

    /** The rows in use (the batch size). */
    public int rows() {
        return rows;
    }

    /** The columns (values per row). */
    public int cols() {
        return cols;
    }

    /** rows × cols: the number of elements in use. */
    public int size() {
        return rows * cols;
    }

    /** The largest row count this matrix can hold without reallocating. */
    public int capacityRows() {
        return capacityRows;
    }

    /** float32 or float64. */
    public Precision precision() {
        return f != null ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /** True for float32 storage ({@link #floats()}), false for float64 ({@link #doubles()}). */
    public boolean isFloat() {
        return f != null;
    }

    /**
     * Changes the number of rows in use, within the capacity. Values of the rows kept are unchanged.
     */
    public Matrix setRows(int newRows) {
        if (newRows < 0 || newRows > capacityRows) {
            throw new IllegalArgumentException(
                    "cannot use " + newRows + " rows in a matrix with room for " + capacityRows);
        }
        rows = newRows;
        return this;
    }

    /** The backing float array (FLOAT32 only); its first {@link #size()} elements are in use. */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("this matrix holds float64 values");
        }
        return f;
    }

    /** The backing double array (FLOAT64 only); its first {@link #size()} elements are in use. */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("this matrix holds float32 values");
        }
        return d;
    }

    /** Value {@code index} in row-major order. */
    public double get(int index) {
        return f != null ? f[index] : d[index];
    }

    /** Sets value {@code index} in row-major order (rounded to float32 for float32 storage). */
    public void set(int index, double value) {
        if (f != null) {
            f[index] = (float) value;
        } else {
            d[index] = value;
        }
    }

    /** The value at row, column. */
    public double get(int row, int col) {
        return get(row * cols + col);
    }

    /** Sets the value at row, column (rounded to float32 for float32 storage). */
    public void set(int row, int col, double value) {
        set(row * cols + col, value);
    }

    /** Adds {@code value} to element {@code index}. */
    public void add(int index, double value) {
        if (f != null) {
            f[index] += (float) value;
        } else {
            d[index] += value;
        }
    }

    /** Sets every element in use to {@code value}. */
    public Matrix fill(double value) {
        if (f != null) {
            Arrays.fill(f, 0, size(), (float) value);
        } else {
            Arrays.fill(d, 0, size(), value);
        }
        return this;
    }

    /** Copies the values (and row count) of {@code src}, which must have the same column count. */
    public Matrix copyFrom(Matrix src) {
        if (src.cols != cols || src.rows > capacityRows) {
            throw new IllegalArgumentException("cannot copy a " + src.shape() + " matrix into " + shape());
        }
        rows = src.rows;
        int n = src.size();
        if (f != null && src.f != null) {
            System.arraycopy(src.f, 0, f, 0, n);
        } else if (d != null && src.d != null) {
            System.arraycopy(src.d, 0, d, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                set(i, src.get(i));
            }
        }
        return this;
    }

    /** A deep copy with the same precision and shape. */
    public Matrix copy() {
        return copy(precision());
    }

    /** A deep copy converted to {@code precision}. */
    public Matrix copy(Precision precision) {
        Matrix m = zeros(rows, cols, precision);
        m.copyFrom(this);
        return m;
    }

    /** Copies row {@code srcRow} of {@code src} into row {@code dstRow} of this matrix. */
    public void copyRow(Matrix src, int srcRow, int dstRow) {
        if (src.cols != cols) {
            throw new IllegalArgumentException("cannot copy a row of " + src.cols + " values into rows of " + cols);
        }
        int s = srcRow * cols;
        int t = dstRow * cols;
        if (f != null && src.f != null) {
            System.arraycopy(src.f, s, f, t, cols);
        } else if (d != null && src.d != null) {
            System.arraycopy(src.d, s, d, t, cols);
        } else {
            for (int j = 0; j < cols; j++) {
                set(t + j, src.get(s + j));
            }
        }
    }

    /** Row {@code row} as a new double array. */
    public double[] rowToArray(int row) {
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = get(row, j);
        }
        return out;
    }

    /** The rows in use as new double arrays. */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = rowToArray(i);
        }
        return out;
    }

    /** "rows×cols", for messages. */
    public String shape() {
        return rows + "×" + cols;
    }

    /** True if every element in use is finite (no NaN, no infinity). */
    public boolean allFinite() {
        int n = size();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape()).append(' ').append(precision().label());
        if (size() <= 64) {
            sb.append(' ').append(Arrays.deepToString(toArray()));
        }
        return sb.toString();
    }
}
