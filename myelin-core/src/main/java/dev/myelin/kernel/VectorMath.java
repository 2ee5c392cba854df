package dev.myelin.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x on float vectors from additions, multiplications, fused multiply-adds and bit operations only,
 * so that it rounds the same way whether the JIT has compiled it or not. (The Vector API's own
 * {@code EXP} calls a vendor library once compiled and {@code Math.exp} before, which can differ in
 * the last bit — enough to make two runs with the same seed drift apart.)
 *
 * <p>Cody–Waite reduction: k = round(x·log₂e), r = x − k·ln 2 (in two parts), |r| ≤ ½ ln 2; then
 * e^r by its Taylor polynomial to r⁷/7! (truncation below 2e-8 relative) and e^x = 2^k·e^r, with 2^k
 * built in the exponent bits. Below −87 the result is 0 and above 88.7 it is +∞ (float's range ends
 * there; e^(−87) ≈ 1.6e-38).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5·2^23: adding and subtracting it rounds to an integer

    private VectorMath() {}

    static FloatVector exp(FloatVector x) {
        var big = x.compare(VectorOperators.GT, 88.7f);
        var tiny = x.compare(VectorOperators.LT, -87f);
        x = x.max(-87f).min(88.7f);
        FloatVector k = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector ki = (IntVector) k.convert(VectorOperators.F2I, 0);
        // 2^k for k ≤ 127; k = 128 (x near 88.7) is split as 2^127·2 to stay finite where e^x is.
        IntVector k1 = ki.min(127);
        FloatVector scale = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector extra = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(scale).mul(extra);
        return result.blend(Float.POSITIVE_INFINITY, big).blend(0f, tiny);
    }
}
