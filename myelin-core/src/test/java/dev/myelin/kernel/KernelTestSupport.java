package dev.myelin.kernel;

import java.util.SplittableRandom;

/**
 * Lets tests outside the kernel package split even small products over the kernel threads; and the
 * random operands of the kernel tests.
 */
public final class KernelTestSupport {
    private KernelTestSupport() {}

    /** The current threshold under which products run on the calling thread. */
    public static long parallelFlops() {
        return KernelPool.parallelFlops();
    }

    /** Sets that threshold (0: split every product). */
    public static void setParallelFlops(long flops) {
        KernelPool.setParallelFlops(flops);
    }

    /** {@code size} floats uniform in [−1, 1). */
    static float[] uniform(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
