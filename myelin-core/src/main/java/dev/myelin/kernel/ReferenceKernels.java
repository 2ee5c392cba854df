package dev.myelin.kernel;

import dev.myelin.tensor.Matrix;

/**
 * Plain triple loops, written to be obviously right: the reference every fast kernel is tested
 * against, and the fallback where the Vector API is absent. Double products accumulate in double;
 * float products accumulate in float, in the order i, p, j.
 */
public final class ReferenceKernels implements Kernels {
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {}

    @Override
    public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        Shapes.check("X·W", a.cols() == b.rows() && c.rows() == m && c.cols() == n, a, b, c);
        if (!accumulate) {
            c.fill(0);
        }
        if (a.isFloat()) {
            float[] x = a.floats(), w = b.floats(), z = c.floats();
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    float xip = x[i * k + p];
                    for (int j = 0; j < n; j++) {
                        z[i * n + j] += xip * w[p * n + j];
                    }
                }
            }
        } else {
            double[] x = a.doubles(), w = b.doubles(), z = c.doubles();
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double xip = x[i * k + p];
                    for (int j = 0; j < n; j++) {
                        z[i * n + j] += xip * w[p * n + j];
                    }
                }
            }
        }
    }

    @Override
    public void matmulTransposeB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), n = a.cols(), k = b.rows();
        Shapes.check("δ·Wᵀ", b.cols() == n && c.rows() == m && c.cols() == k, a, b, c);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double s = 0;
                if (a.isFloat()) {
                    float[] x = a.floats(), w = b.floats();
                    float fs = 0;
                    for (int j = 0; j < n; j++) {
                        fs += x[i * n + j] * w[p * n + j];
                    }
                    s = fs;
                } else {
                    double[] x = a.doubles(), w = b.doubles();
                    for (int j = 0; j < n; j++) {
                        s += x[i * n + j] * w[p * n + j];
                    }
                }
                int idx = i * k + p;
                c.set(idx, accumulate ? c.get(idx) + s : s);
            }
        }
    }

    @Override
    public void matmulTransposeA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        Shapes.check("Xᵀ·δ", b.rows() == m && c.rows() == k && c.cols() == n, a, b, c);
        if (!accumulate) {
            c.fill(0);
        }
        if (a.isFloat()) {
            float[] x = a.floats(), g = b.floats(), w = c.floats();
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    float xip = x[i * k + p];
                    for (int j = 0; j < n; j++) {
                        w[p * n + j] += xip * g[i * n + j];
                    }
                }
            }
        } else {
            double[] x = a.doubles(), g = b.doubles(), w = c.doubles();
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double xip = x[i * k + p];
                    for (int j = 0; j < n; j++) {
                        w[p * n + j] += xip * g[i * n + j];
                    }
                }
            }
        }
    }

    @Override
    public void addRowVector(Matrix z, Matrix bias) {
        int m = z.rows(), n = z.cols();
        Shapes.check("z + b", bias.size() == n, z, bias, z);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                z.add(i * n + j, bias.get(j));
            }
        }
    }

    @Override
    public void sumRows(Matrix a, Matrix out, boolean accumulate) {
        int m = a.rows(), n = a.cols();
        Shapes.check("Σ rows", out.size() == n, a, out, out);
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += a.get(i * n + j);
            }
            out.set(j, accumulate ? out.get(j) + s : s);
        }
    }
}
