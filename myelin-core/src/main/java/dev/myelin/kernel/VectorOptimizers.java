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
     * One optimizer update split into chunks for the {@link KernelPool}: each element is updated by
     * exactly one thread with the same arithmetic, so the result does not depend on the thread count.
     * One instance per calling thread is reused, so a training step allocates nothing here.
     */
    static final class Update implements KernelPool.Job {
        private static final ThreadLocal<Update> MINE = ThreadLocal.withInitial(Update::new);

        private int kind; // 0 sgd, 1 momentum, 2 adam
        private int n;
        private float[] w, g, s1, s2;
        private float lr, a, b, eps, c1, c2, decay;
        private boolean nesterov, first;

        static void sgd(float[] w, float[] g, int n, float lr) {
            Update u = MINE.get();
            u.set(0, w, g, null, null, n, lr).go();
        }

        static void momentum(float[] w, float[] g, float[] buf, int n, float lr, float mu, boolean nesterov, boolean first) {
            Update u = MINE.get().set(1, w, g, buf, null, n, lr);
            u.a = mu;
            u.nesterov = nesterov;
            u.first = first;
            u.go();
        }

        static void adam(float[] w, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2, float eps,
                float c1, float c2, float decay) {
            Update u = MINE.get().set(2, w, g, m, v, n, lr);
            u.a = beta1;
            u.b = beta2;
            u.eps = eps;
            u.c1 = c1;
            u.c2 = c2;
            u.decay = decay;
            u.go();
        }

        private Update set(int kind, float[] w, float[] g, float[] s1, float[] s2, int n, float lr) {
            this.kind = kind;
            this.w = w;
            this.g = g;
            this.s1 = s1;
            this.s2 = s2;
            this.n = n;
            this.lr = lr;
            return this;
        }

        private void go() {
            if (n < PARALLEL_ELEMENTS || KernelPool.threads() <= 1) {
                range(0, n);
            } else {
                KernelPool.run(this, (n + CHUNK - 1) / CHUNK);
            }
            w = g = s1 = s2 = null; // hold no arrays between steps
        }

        @Override
        public void run(int part) {
            range(part * CHUNK, Math.min(n, (part + 1) * CHUNK));
        }

        private void range(int from, int to) {
            switch (kind) {
                case 0 -> VectorOptimizers.sgd(w, g, from, to, lr);
                case 1 -> VectorOptimizers.momentum(w, g, s1, from, to, lr, a, nesterov, first);
                default -> VectorOptimizers.adam(w, g, s1, s2, from, to, lr, a, b, eps, c1, c2, decay);
            }
        }
    }
}
