package dev.myelin.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops for the float32 optimizer updates, one per algorithm of {@code dev.myelin.optim}, each
 * over the elements [from, to) of a parameter. Each is the formula of its class, whose plain loop is
 * the reference the optimizer tests hold these to. Arithmetic is in float, as PyTorch's float32
 * optimizers do, except weight decay's term and clipping's rescale, which the reference computes in
 * double and these too (widened lanes), for the same bits. The scalar tail of each loop does the
 * vector body's operations in the same order (no fused multiply-add), so every element rounds alike
 * wherever the vector boundary falls.
 *
 * <p>Reached only through {@link OptimizerKernels}, which splits large parameters over the
 * {@link KernelPool}.
 */
final class VectorOptimizers {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles of the widest shape, and as many floats (half that shape) to widen into them. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int DL = D.length();
    /**
     * Whether the widened loops run: not on 128-bit machines, whose half shape (two floats) C2 did not
     * compile to vector code here, so that every vector was boxed (an L2-decayed {@code small} step took
     * 2.5 ms instead of 0.44); the scalar loops run there.
     */
    private static final boolean WIDENS = HALF.vectorBitSize() >= 128;

    private VectorOptimizers() {}

    private static int bound(int from, int to) {
        return from + S.loopBound(to - from);
    }

    /** SGD: w ← w − η·g. */
    static void sgd(float[] w, float[] g, int from, int to, float lr) {
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector.fromArray(S, g, i).mul(-lr).add(FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        for (; i < to; i++) {
            w[i] = -lr * g[i] + w[i];
        }
    }

    /** Momentum: b ← μ·b + g (b = g when {@code first}); w ← w − η·b, or w − η·(g + μ·b) for Nesterov. */
    static void momentum(float[] w, float[] g, float[] b, int from, int to, float lr, float mu, boolean nesterov,
            boolean first) {
        float keep = first ? 0f : mu;
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(keep).add(gv);
            bv.intoArray(b, i);
            FloatVector step = nesterov ? bv.mul(mu).add(gv) : bv;
            FloatVector.fromArray(S, w, i).sub(step.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float bi = b[i] * keep + g[i];
            b[i] = bi;
            float step = nesterov ? bi * mu + g[i] : bi;
            w[i] = w[i] - step * lr;
        }
    }

    /**
     * Adam/AdamW: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w·(1 − η·λ) − η·(m/c₁)/(√(v/c₂) + ε),
     * with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ and λ the decoupled weight decay (0 for Adam).
     *
     * <p><b>A subnormal m is stored as 0.</b> Where a weight's gradient is 0 for many steps (the weights
     * of MNIST's always-blank border pixels), m decays by β₁ per step through the subnormal floats, below
     * 1.18e-38, on its way to 0; arithmetic on subnormals takes a slow microcode path on x86 CPUs. In
     * MNIST {@code small} 18 % of the first layer's m was subnormal at any time, and flushing it took
     * the update from 36–54 to 29–32 µs per step on one thread. The flush changes no weight that matters:
     * the step such an m would give is below η·1.18e-38/(c₁·ε), 1.2e-32 for Adam's defaults, less than
     * half a unit in the last place of any weight larger than 1e-24 in magnitude
     * ({@code VectorOptimizersTest} checks the weights stay bit-identical to the unflushed loop).
     * v is left as it is: it decays by β₂, and flushing it could leave ε = 0 dividing by 0.
     */
    static void adam(float[] w, float[] g, float[] m, float[] v, int from, int to, float lr, float beta1, float beta2,
            float eps, float c1, float c2, float decay) {
        float keep = 1f - lr * decay;
        float inv1 = 1f / c1;
        float inv2 = 1f / c2;
        float one1 = 1f - beta1, one2 = 1f - beta2;
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(one1));
            mv = mv.blend(0f, mv.abs().lt(Float.MIN_NORMAL));
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
            float mi = m[i] * beta1 + g[i] * one1;
            mi = Math.abs(mi) < Float.MIN_NORMAL ? 0f : mi;
            float vi = v[i] * beta2 + g[i] * g[i] * one2;
            m[i] = mi;
            v[i] = vi;
            float wi = decay != 0f ? w[i] * keep : w[i];
            w[i] = wi - mi * inv1 / ((float) Math.sqrt(vi * inv2) + eps) * lr;
        }
    }

    /** Adagrad: s ← s + g², w ← w − η·g/(√s + ε). */
    static void adagrad(float[] w, float[] g, float[] s, int from, int to, float lr, float eps) {
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).add(gv.mul(gv));
            sv.intoArray(s, i);
            FloatVector denom = sv.lanewise(VectorOperators.SQRT).add(eps);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr).div(denom)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float si = s[i] + g[i] * g[i];
            s[i] = si;
            w[i] = w[i] - g[i] * lr / ((float) Math.sqrt(si) + eps);
        }
    }

    /** RMSprop: v ← α·v + (1 − α)·g², w ← w − η·g/(√v + ε). */
    static void rmsprop(float[] w, float[] g, float[] v, int from, int to, float lr, float alpha, float eps) {
        float one = 1f - alpha;
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(alpha).add(gv.mul(gv).mul(one));
            vv.intoArray(v, i);
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).add(eps);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr).div(denom)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float vi = v[i] * alpha + g[i] * g[i] * one;
            v[i] = vi;
            w[i] = w[i] - g[i] * lr / ((float) Math.sqrt(vi) + eps);
        }
    }

    /** Adadelta: v ← ρ·v + (1 − ρ)·g², Δ = √(u + ε)/√(v + ε)·g, u ← ρ·u + (1 − ρ)·Δ², w ← w − η·Δ. */
    static void adadelta(float[] w, float[] g, float[] v, float[] u, int from, int to, float lr, float rho, float eps) {
        float one = 1f - rho;
        int i = from;
        for (; i < bound(from, to); i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(rho).add(gv.mul(gv).mul(one));
            vv.intoArray(v, i);
            FloatVector uv = FloatVector.fromArray(S, u, i);
            FloatVector delta = uv.add(eps).lanewise(VectorOperators.SQRT)
                    .div(vv.add(eps).lanewise(VectorOperators.SQRT)).mul(gv);
            uv.mul(rho).add(delta.mul(delta).mul(one)).intoArray(u, i);
            FloatVector.fromArray(S, w, i).sub(delta.mul(lr)).intoArray(w, i);
        }
        for (; i < to; i++) {
            float vi = v[i] * rho + g[i] * g[i] * one;
            v[i] = vi;
            float delta = (float) Math.sqrt(u[i] + eps) / (float) Math.sqrt(vi + eps) * g[i];
            u[i] = u[i] * rho + delta * delta * one;
            w[i] = w[i] - delta * lr;
        }
    }

    /**
     * Weight decay: g ← g + (float)(λ₂·w + λ₁·sign w), the term in double as the reference loop
     * ({@code Optimizer.decayReference}) computes it (two products and a sum, no fused multiply-add),
     * rounded to float once and added in float: the same bits. A vector of floats of half the widest
     * shape is widened to doubles, so that every machine computes the same term.
     */
    static void decay(float[] w, float[] g, int from, int to, double l2, double l1) {
        int i = from;
        for (int end = WIDENS ? from + HALF.loopBound(to - from) : from; i < end; i += DL) {
            DoubleVector wd = (DoubleVector) FloatVector.fromArray(HALF, w, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector sign = wd.blend(1.0, wd.compare(VectorOperators.GT, 0.0))
                    .blend(-1.0, wd.compare(VectorOperators.LT, 0.0)); // Math.signum: ±0 and NaN stay
            DoubleVector term = wd.mul(l2).add(sign.mul(l1));
            FloatVector.fromArray(HALF, g, i).add((FloatVector) term.convertShape(VectorOperators.D2F, HALF, 0))
                    .intoArray(g, i);
        }
        for (; i < to; i++) {
            double wi = w[i];
            g[i] += (float) (l2 * wi + l1 * Math.signum(wi));
        }
    }

    /** Clipping's rescale: g ← (float)(g·s), the product in double as the reference loop: the same bits. */
    static void scale(float[] g, int from, int to, double s) {
        int i = from;
        for (int end = WIDENS ? from + HALF.loopBound(to - from) : from; i < end; i += DL) {
            DoubleVector gd = (DoubleVector) FloatVector.fromArray(HALF, g, i).convertShape(VectorOperators.F2D, D, 0);
            ((FloatVector) gd.mul(s).convertShape(VectorOperators.D2F, HALF, 0)).intoArray(g, i);
        }
        for (; i < to; i++) {
            g[i] = (float) (g[i] * s);
        }
    }
}
