package dev.myelin.kernel;

import dev.myelin.activations.Activation;
import dev.myelin.activations.Identity;
import dev.myelin.activations.LeakyRelu;
import dev.myelin.activations.Relu;
import dev.myelin.activations.Sigmoid;
import dev.myelin.activations.Softmax;
import dev.myelin.activations.Tanh;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The end of a dense layer's forward, run by {@link FloatGemm} on each block of Z = X·W right after
 * the product has written it for the last time (while the block is still in L1): z += b, and, for an
 * element-wise activation with a vector loop, a = g(z) into a second matrix. Z keeps the
 * pre-activations (the backward pass and explain need them).
 *
 * <p>Every element gets the same arithmetic wherever it sits in a tile: z + b is one float addition,
 * as in {@link Kernels#addRowVector}; g is {@link VectorActivations}' vector formula for every lane,
 * partial vectors included, so the result does not depend on the tiling or the thread count.
 * {@link VectorKernels#denseForward} asks for g only when the rows are whole vectors, where the
 * unfused pass also takes the vector formula everywhere: fused and unfused are then bit-identical.
 *
 * <p>One mutable instance per thread (held by {@link FloatGemm}) is filled per call: no allocation.
 */
final class FloatEpilogue {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    /** No activation in the epilogue: only z += b. */
    static final int BIAS_ONLY = 0;
    static final int IDENTITY = 1;
    static final int RELU = 2;
    static final int LEAKY_RELU = 3;
    static final int SIGMOID = 4;
    static final int TANH = 5;
    /**
     * Row-wise softmax, only where the product hands the epilogue whole rows ({@link FloatNarrowGemm#takes}:
     * the unpacked paths, rows back to back): z += b, then the batch
     * softmax of {@link VectorActivations#softmax} over the rows handed over, so fused and unfused give
     * the same bits.
     */
    static final int SOFTMAX = 6;

    /** Two vectors of scratch per thread (the epilogue of one product runs on several threads). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[2 * V]);

    float[] bias;
    /** a = g(z), same layout as Z; null with {@link #BIAS_ONLY}. */
    float[] out;
    int kind;
    float alpha;

    /** The epilogue kind that computes g, or {@link #BIAS_ONLY} when g has no element-wise vector loop here. */
    static int kindOf(Activation g) {
        return switch (g) {
            case Identity i -> IDENTITY;
            case Relu r -> RELU;
            case LeakyRelu l -> LEAKY_RELU;
            case Sigmoid s -> SIGMOID;
            case Tanh t -> TANH;
            case Softmax s -> SOFTMAX;
            default -> BIAS_ONLY;
        };
    }

    void set(float[] bias, int kind, float alpha, float[] out) {
        this.bias = bias;
        this.kind = kind;
        this.alpha = alpha;
        this.out = kind == BIAS_ONLY ? null : out;
    }

    void clear() {
        bias = out = null;
    }

    /**
     * Applies the epilogue to rows [0, rows) × columns [col0, col0 + cols) of Z, whose element
     * (r, col0 + q) is {@code z[zi + r·ld + q]} (and likewise in {@link #out}).
     */
    void apply(float[] z, int zi, int ld, int rows, int col0, int cols) {
        if (kind == SOFTMAX) {
            softmax(z, zi, ld, rows, col0, cols);
        } else {
            elementwise(z, zi, ld, rows, col0, cols);
        }
    }

    /** z += b and, unless {@link #BIAS_ONLY}, a = g(z), a vector at a time. */
    private void elementwise(float[] z, int zi, int ld, int rows, int col0, int cols) {
        float[] t = cols % V != 0 ? SCRATCH.get() : null;
        int whole = cols / V * V;
        for (int r = 0; r < rows; r++) {
            int row = zi + r * ld;
            for (int q = 0; q < whole; q += V) {
                FloatVector.fromArray(S, z, row + q).add(FloatVector.fromArray(S, bias, col0 + q)).intoArray(z, row + q);
            }
            if (out != null) {
                g(z, row, out, row, whole);
            }
            if (whole < cols) {
                // the last partial vector goes through a scratch of V values: masked operations made
                // C2 box vectors (an allocation per row); lane-wise, so the values are the same
                int rest = cols - whole;
                System.arraycopy(z, row + whole, t, 0, rest);
                System.arraycopy(bias, col0 + whole, t, V, rest);
                FloatVector.fromArray(S, t, 0).add(FloatVector.fromArray(S, t, V)).intoArray(t, 0);
                System.arraycopy(t, 0, z, row + whole, rest);
                if (out != null) {
                    g(t, 0, t, 0, V);
                    System.arraycopy(t, 0, out, row + whole, rest);
                }
            }
        }
    }

    /** {@link #SOFTMAX}'s epilogue: z += b on whole rows, then the batch softmax. */
    private void softmax(float[] z, int zi, int ld, int rows, int col0, int cols) {
        if (col0 != 0 || ld != cols) {
            throw new IllegalStateException("the softmax epilogue needs whole rows back to back, got columns from "
                    + col0 + " of rows " + ld + " apart");
        }
        // z += b, then the batch softmax over the band in whole vectors (row by row, 10 classes
        // took a partial vector through a scratch: 73 µs instead of about 20 for 1,000 rows)
        int end = zi + rows * cols;
        for (int row = zi; row < end; row += cols) {
            for (int q = 0; q < cols; q++) {
                z[row + q] += bias[q];
            }
        }
        VectorActivations.softmax(z, out, zi, rows, cols);
    }

    /**
     * o[oi + i] = g(z[zi + i]) for i < n (whole vectors), by {@link VectorActivations}' loop for the
     * kind: arrays in, arrays out, so no vector crosses a call C2 might leave out of line.
     */
    private void g(float[] z, int zi, float[] o, int oi, int n) {
        switch (kind) {
            case IDENTITY -> System.arraycopy(z, zi, o, oi, n);
            case RELU -> VectorActivations.reluVectors(z, zi, o, oi, n);
            case LEAKY_RELU -> VectorActivations.leakyReluVectors(z, zi, o, oi, n, alpha);
            case SIGMOID -> VectorActivations.sigmoidVectors(z, zi, o, oi, n);
            default -> VectorActivations.tanhVectors(z, zi, o, oi, n);
        }
    }
}
