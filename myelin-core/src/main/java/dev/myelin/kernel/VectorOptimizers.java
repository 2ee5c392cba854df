package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops for the optimizer updates that dominate small networks (float32): SGD, momentum
 * (heavy-ball and Nesterov) and Adam/AdamW. Each is the formula of its class in
 * {@code dev.myelin.optim}, whose plain loop is the reference {@code VectorOptimizersTest} holds
 * these to. Arithmetic is in float, as PyTorch's float32 optimizers do.
 */
final class VectorOptimizers {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOptimizers() {}

    /** Element-wise updates over this many elements or more are split over the kernel threads. */
    static final int PARALLEL_ELEMENTS = 1 << 16;
    private static final int CHUNK = 1 << 14;

    /** w ← w − η·g. */
    static void sgd(float[] w, float[] g, int n, float lr) {
        sgd(w, g, 0, n, lr);
    }

    /** w ← w − η·g over elements [from, to). */
    static void sgd(float[] w, float[] g, int from, int to, float lr) {
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector.fromArray(S, g, i).mul(-lr).add(FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        for (; i < to; i++) {
            w[i] -= lr * g[i];
        }
    }

    /** b ← μ·b + g (b = g when {@code first}); w ← w − η·b, or w − η·(g + μ·b) for Nesterov. */
    static void momentum(float[] w, float[] g, float[] b, int n, float lr, float mu, boolean nesterov, boolean first) {
        momentum(w, g, b, 0, n, lr, mu, nesterov, first);
    }

    /** The momentum update over elements [from, to). */
    static void momentum(float[] w, float[] g, float[] b, int from, int to, float lr, float mu, boolean nesterov,
            boolean first) {
        float keep = first ? 0f : mu;
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(keep).add(gv);
            bv.intoArray(b, i);
            FloatVector step = nesterov ? bv.mul(mu).add(gv) : bv;
            FloatVector.fromArray(S, w, i).sub(step.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float bi = keep * b[i] + g[i];
            b[i] = bi;
            w[i] -= lr * (nesterov ? g[i] + mu * bi : bi);
        }
    }

    /**
     * m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w·(1 − η·λ) − η·(m/c₁)/(√(v/c₂) + ε),
     * with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ and λ the decoupled weight decay (0 for Adam).
     */
    static void adam(float[] w, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
            float eps, float c1, float c2, float decay) {
        adam(w, g, m, v, 0, n, lr, beta1, beta2, eps, c1, c2, decay);
    }

    /** The Adam update over elements [from, to). */
    static void adam(float[] w, float[] g, float[] m, float[] v, int from, int to, float lr, float beta1, float beta2,
            float eps, float c1, float c2, float decay) {
        float keep = 1f - lr * decay;
        float inv1 = 1f / c1;
        float inv2 = 1f / c2;
        float one1 = 1f - beta1, one2 = 1f - beta2;
        int i = from;
        for (; i < from + S.loopBound(to - from); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(one1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(one2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.mul(inv2).lanewise(VectorOperators.SQRT).add(eps);
            FloatVector wv = FloatVector.fromArray(S, w, i);
            if (decay != 0f) {
                wv = wv.mul(keep);
            }
            wv.sub(mv.mul(inv1).div(denom).mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float mi = beta1 * m[i] + one1 * g[i];
            float vi = beta2 * v[i] + one2 * (g[i] * g[i]); // the vector loop's order, so tails round alike
            m[i] = mi;
            v[i] = vi;
            float wi = decay != 0f ? w[i] * keep : w[i];
            w[i] = wi - (mi * inv1) / ((float) Math.sqrt(vi * inv2) + eps) * lr;
        }
    }

    /**
     * Runs an element-wise update over [0, n) in chunks on the kernel threads when n is large. Each
     * element is updated by exactly one thread with the same arithmetic, so the result does not depend
     * on the thread count.
     */
    static void parallel(int n, Range body) {
        if (n < PARALLEL_ELEMENTS || KernelPool.threads() <= 1) {
            body.run(0, n);
            return;
        }
        int parts = (n + CHUNK - 1) / CHUNK;
        KernelPool.run(part -> body.run(part * CHUNK, Math.min(n, (part + 1) * CHUNK)), parts);
    }

    /** An update of elements [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }
}
