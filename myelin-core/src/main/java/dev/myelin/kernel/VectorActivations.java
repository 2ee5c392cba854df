package dev.myelin.kernel;

import dev.myelin.activations.Activation;
import dev.myelin.activations.Identity;
import dev.myelin.activations.LeakyRelu;
import dev.myelin.activations.Relu;
import dev.myelin.activations.Sigmoid;
import dev.myelin.activations.Softmax;
import dev.myelin.activations.Tanh;
import dev.myelin.tensor.Matrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops for the activations that training spends its time in (float32): identity, sigmoid,
 * tanh, relu, leaky_relu and softmax, forward and backward. Each computes the same formula as the
 * activation's own class (the reference, which {@code VectorActivationsTest} holds it to); other
 * activations and float64 fall back to the reference.
 *
 * <p>Sigmoid is 1/(1 + e^(−z)) with {@link VectorMath#exp}: for z → −∞, e^(−z) = +∞ and the result
 * is 0, never NaN; tanh is 1 − 2/(e^(2z) + 1). Softmax subtracts each row's maximum before
 * exponentiating. Only operations that round the same way compiled or interpreted are used (no
 * vendor transcendental, no lane reduction whose order may change), so that a seed fixes training.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);

    private VectorActivations() {}

    /** a = g(z); returns false if this activation or precision has no vector loop here. */
    static boolean forward(Activation g, Matrix z, Matrix a) {
        if (!z.isFloat() || !a.isFloat()) {
            return false;
        }
        float[] zs = z.floats(), as = a.floats();
        int n = z.size();
        switch (g) {
            case Identity id -> System.arraycopy(zs, 0, as, 0, n);
            case Relu r -> {
                int i = S.loopBound(n);
                reluVectors(zs, 0, as, 0, i);
                for (; i < n; i++) {
                    as[i] = zs[i] > 0 ? zs[i] : 0f;
                }
            }
            case LeakyRelu lr -> {
                float alpha = (float) lr.alpha();
                int i = S.loopBound(n);
                leakyReluVectors(zs, 0, as, 0, i, alpha);
                for (; i < n; i++) {
                    as[i] = zs[i] > 0 ? zs[i] : alpha * zs[i];
                }
            }
            case Sigmoid s -> {
                int i = S.loopBound(n);
                sigmoidVectors(zs, 0, as, 0, i);
                for (; i < n; i++) {
                    as[i] = (float) Sigmoid.sigmoid(zs[i]);
                }
            }
            case Tanh t -> {
                int i = S.loopBound(n);
                tanhVectors(zs, 0, as, 0, i);
                for (; i < n; i++) {
                    as[i] = (float) Math.tanh(zs[i]);
                }
            }
            case Softmax s -> softmax(zs, as, 0, z.rows(), z.cols());
            default -> {
                return false;
            }
        }
        return true;
    }

    /*
     * g over whole vectors: out[oi + i] = g(z[zi + i]) for i < n, n a multiple of the vector length
     * (the callers finish the rest). One method per activation with the loop inside, for forward and
     * for FloatEpilogue: no vector is handed across a call that C2 might not inline. A helper taking
     * and returning a vector, called from a method that had seen every activation, was too large to
     * inline there, and C2 boxed each vector passed to it (3 KB a training step of a small network).
     */

    static void reluVectors(float[] z, int zi, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += L) {
            relu(FloatVector.fromArray(S, z, zi + i)).intoArray(out, oi + i);
        }
    }

    static void leakyReluVectors(float[] z, int zi, float[] out, int oi, int n, float alpha) {
        for (int i = 0; i < n; i += L) {
            leakyRelu(FloatVector.fromArray(S, z, zi + i), alpha).intoArray(out, oi + i);
        }
    }

    static void sigmoidVectors(float[] z, int zi, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += L) {
            sigmoid(FloatVector.fromArray(S, z, zi + i)).intoArray(out, oi + i);
        }
    }

    static void tanhVectors(float[] z, int zi, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += L) {
            tanh(FloatVector.fromArray(S, z, zi + i)).intoArray(out, oi + i);
        }
    }

    /** max(z, 0). */
    static FloatVector relu(FloatVector z) {
        return z.max(0f);
    }

    /** z for z &gt; 0, else α·z. */
    static FloatVector leakyRelu(FloatVector z, float alpha) {
        return z.blend(z.mul(alpha), z.compare(VectorOperators.LE, 0f));
    }

    /** 1/(1 + e^(−z)): 0 for z → −∞, never NaN. */
    static FloatVector sigmoid(FloatVector z) {
        return ONE.div(VectorMath.exp(z.neg()).add(1f));
    }

    /** tanh z = 1 − 2/(e^(2z) + 1): −1 and 1 at the extremes, never NaN. */
    static FloatVector tanh(FloatVector z) {
        return ONE.sub(TWO.div(VectorMath.exp(z.mul(2f)).add(1f)));
    }

    /** ∂E/∂z from ∂E/∂a; returns false if this activation or precision has no vector loop here. */
    static boolean backward(Activation g, Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        if (!z.isFloat() || g instanceof Softmax) {
            return false;
        }
        float[] zs = z.floats(), as = a.floats(), ga = gradA.floats(), gz = gradZ.floats();
        int n = z.size();
        int i = 0;
        switch (g) {
            case Identity id -> System.arraycopy(ga, 0, gz, 0, n);
            case Relu r -> {
                for (; i < S.loopBound(n); i += L) {
                    FloatVector zv = FloatVector.fromArray(S, zs, i);
                    FloatVector gv = FloatVector.fromArray(S, ga, i);
                    FloatVector.zero(S).blend(gv, zv.compare(VectorOperators.GT, 0f)).intoArray(gz, i);
                }
                for (; i < n; i++) {
                    gz[i] = zs[i] > 0 ? ga[i] : 0f;
                }
            }
            case LeakyRelu lr -> {
                float alpha = (float) lr.alpha();
                for (; i < S.loopBound(n); i += L) {
                    FloatVector zv = FloatVector.fromArray(S, zs, i);
                    FloatVector gv = FloatVector.fromArray(S, ga, i);
                    gv.mul(alpha).blend(gv, zv.compare(VectorOperators.GT, 0f)).intoArray(gz, i);
                }
                for (; i < n; i++) {
                    gz[i] = zs[i] > 0 ? ga[i] : alpha * ga[i];
                }
            }
            case Sigmoid s -> {
                for (; i < S.loopBound(n); i += L) {
                    FloatVector av = FloatVector.fromArray(S, as, i);
                    av.mul(av.neg().add(1f)).mul(FloatVector.fromArray(S, ga, i)).intoArray(gz, i);
                }
                for (; i < n; i++) {
                    gz[i] = as[i] * (1 - as[i]) * ga[i];
                }
            }
            case Tanh t -> {
                for (; i < S.loopBound(n); i += L) {
                    FloatVector av = FloatVector.fromArray(S, as, i);
                    av.mul(av).neg().add(1f).mul(FloatVector.fromArray(S, ga, i)).intoArray(gz, i);
                }
                for (; i < n; i++) {
                    gz[i] = (1 - as[i] * as[i]) * ga[i];
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Row-wise softmax, pᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z), in three passes over the whole batch
     * rather than masked vectors per row (a row of 10 classes is less than one AVX-512 vector): each
     * row's z − max into {@code as}; e^x over all of {@code as} in whole vectors (the last partial
     * vector through a padded scratch); then each row's sum, in index order, and the scaling. Every
     * value takes the same operations wherever it lies in a vector ({@link VectorMath#exp} is lane-wise),
     * so a row's probabilities do not depend on its neighbours or on the batch size. Rows r of the
     * batch are at {@code off + r·cols} in both arrays.
     */
    static void softmax(float[] zs, float[] as, int off, int rows, int cols) {
        int end = off + rows * cols;
        for (int o = off; o < end; o += cols) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, zs[o + j]);
            }
            for (int j = 0; j < cols; j++) {
                as[o + j] = zs[o + j] - max;
            }
        }
        int i = off;
        for (; i <= end - L; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, as, i)).intoArray(as, i);
        }
        if (i < end) {
            float[] tail = TAIL.get();
            System.arraycopy(as, i, tail, 0, end - i);
            VectorMath.exp(FloatVector.fromArray(S, tail, 0)).intoArray(tail, 0);
            System.arraycopy(tail, 0, as, i, end - i);
        }
        for (int o = off; o < end; o += cols) {
            float sum = 0; // in index order: a lane reduction's order may change once the JIT compiles it
            for (int j = 0; j < cols; j++) {
                sum += as[o + j];
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                as[o + j] *= inv;
            }
        }
    }

    /** One vector of scratch per thread for the last partial vector of a softmax. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);
}
