package dev.myelin.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * op(B) of one product packed once for all the threads that compute it, when {@link FloatGemm} splits
 * the rows of C between threads: each thread needs every sliver of B, and packing all of B per thread
 * (as each thread packing its own panel did) costs every thread the whole packing.
 *
 * <p><b>Layout.</b> The whole of op(B), k × n padded to whole slivers: k-block {@code kb} (rows
 * [pc, pc + kc)) starts at {@code pc·nPad}, and its sliver {@code s} (columns [s·NR, s·NR + NR)) at
 * {@code pc·nPad + s·NR·kc}, k-major as {@link FloatPacking#packB} writes it. A column panel of the
 * product is a run of consecutive slivers, so the micro-kernel reads it exactly as a per-thread panel.
 *
 * <p><b>Who packs; nobody waits.</b> A thread about to use a k-block of a panel claims each of its
 * slivers that no thread has claimed (a compare-and-set on the sliver's flag), packs it and marks it
 * ready. Threads start their sweep at different slivers, so two threads pack about half each. A sliver
 * another thread claimed but has not finished is packed again privately by the thread that needs it
 * (the same values) rather than waited for: a thread descheduled on a busy machine never stalls the
 * other, as a barrier would. Nothing is overwritten during a product, so the parts may run in any
 * order, on any thread, or one after another on the caller (as {@link KernelPool} does when no worker
 * is free). Flags hold a per-product stamp (claimed = 2g, ready = 2g + 1): no clearing between products.
 *
 * <p>One instance per calling thread (held by {@link FloatGemm}); its buffers grow to the largest
 * product seen, at most {@link #MAX_FLOATS}; larger products pack per thread.
 */
final class SharedPackedB {
    private static final int NR = FloatMicroKernel.NR;
    /** The largest packed B shared (16 MB); a larger product packs a panel per thread. */
    static final long MAX_FLOATS = 1L << 22;
    private static final VarHandle FLAG = MethodHandles.arrayElementVarHandle(int[].class);

    float[] packed = new float[0];
    private int[] flags = new int[0];
    private int generation;
    private int slivers;
    private int n;
    private int nPad;
    private float[] b;
    private int ldb;
    private boolean tb;

    /** Whether a product of k × n op(B) fits. */
    static boolean fits(int k, int n) {
        return (long) k * roundUp(n, NR) <= MAX_FLOATS;
    }

    /** Starts a product: op(B) is {@code b} (k × n, transposed if tb) in k-blocks of {@code kBlocks}. */
    void start(float[] b, int ldb, boolean tb, int k, int n, int kBlocks) {
        this.b = b;
        this.ldb = ldb;
        this.tb = tb;
        this.n = n;
        nPad = roundUp(n, NR);
        slivers = nPad / NR;
        if (packed.length < k * nPad) {
            packed = new float[k * nPad];
        }
        if (flags.length < kBlocks * slivers) {
            flags = new int[kBlocks * slivers];
            generation = 0;
        }
        if (++generation >= 1 << 29) {
            Arrays.fill(flags, 0);
            generation = 1;
        }
    }

    void finish() {
        b = null;
    }

    /** Where sliver {@code s} of the k-block starting at {@code pc} begins in {@link #packed}. */
    int offset(int pc, int kc, int s) {
        return pc * nPad + s * NR * kc;
    }

    /**
     * Packs the slivers among [s0, s1) of k-block {@code kb} (rows [pc, pc + kc)) that no thread has
     * claimed yet, sweeping from sliver {@code from} and wrapping around.
     */
    void claimAndPack(int kb, int pc, int kc, int s0, int s1, int from) {
        int claimed = 2 * generation, ready = claimed + 1;
        int count = s1 - s0;
        int first = s0 + Math.floorMod(from - s0, Math.max(1, count));
        for (int i = 0; i < count; i++) {
            int s = first + i < s1 ? first + i : first + i - count;
            int f = kb * slivers + s;
            int state = (int) FLAG.getAcquire(flags, f);
            if (state != claimed && state != ready && FLAG.compareAndSet(flags, f, state, claimed)) {
                try {
                    pack(pc, kc, s, packed, offset(pc, kc, s));
                } finally {
                    FLAG.setRelease(flags, f, ready); // also on failure: the exception reaches the caller
                }
            }
        }
    }

    /** Whether sliver {@code s} of k-block {@code kb} is packed in {@link #packed} (else another thread is at it). */
    boolean isReady(int kb, int s) {
        return (int) FLAG.getAcquire(flags, kb * slivers + s) == 2 * generation + 1;
    }

    /** Packs sliver {@code s} of the k-block at rows [pc, pc + kc) into {@code dst} from {@code off}. */
    void pack(int pc, int kc, int s, float[] dst, int off) {
        int cols = Math.min(NR, n - s * NR);
        if (tb) {
            FloatPacking.packBTransposed(b, ldb, pc, kc, s * NR, cols, dst, off);
        } else {
            FloatPacking.packB(b, ldb, pc, kc, s * NR, cols, dst, off);
        }
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
