package dev.myelin.kernel;

/** Lets tests outside the kernel package split even small products over the kernel threads. */
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
}
