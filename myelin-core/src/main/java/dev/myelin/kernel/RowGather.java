package dev.myelin.kernel;

/**
 * A training batch gathered from its data set, float32: dst's row r = src's row order[from + r], for
 * r &lt; size, each row {@code cols} values. Split over the {@link KernelPool} in the same bands of
 * rows as the forward product that reads the batch next ({@link FloatGemm#band}: whole MR-row tiles
 * per thread), so each thread copies the rows it then multiplies, and they are in
 * its own cache.
 *
 * <p>Shuffled rows lie far apart in a large data set (MNIST's 188 MB), so the copy waits on memory
 * rather than copying: wide rows are copied {@link #PIECE} values of every row at a time, which keeps
 * the reads of many rows in flight at once, and two threads keep twice as many. Measured on 2 cores,
 * MNIST {@code small} (784-128-10, batch 64), one process alternating the calling thread's gather
 * and this one: the gather alone 21.1 → 15.5 µs, a gather and training step 244 → 223 µs and
 * 237 → 220 µs (the forward then finds its rows in its own cache), the training loop 277 → 260 µs
 * per batch. Which thread copies which row does not change a value.
 */
final class RowGather implements KernelPool.Job {
    /** Values of each row copied at a time. */
    static final int PIECE = 256;
    /** Batches of fewer values than this are gathered on the calling thread. */
    static final int PARALLEL_VALUES = 1 << 14;
    private static final ThreadLocal<RowGather> MINE = ThreadLocal.withInitial(RowGather::new);

    private float[] src, dst;
    private int[] order;
    private int cols, from, size, parts;

    private RowGather() {}

    static void gather(float[] src, int cols, int[] order, int from, int size, float[] dst) {
        int tiles = (size + FloatMicroKernel.MR - 1) / FloatMicroKernel.MR;
        int parts = Math.min(KernelPool.threads(), tiles);
        if (parts <= 1 || (long) size * cols < PARALLEL_VALUES) {
            copy(src, cols, order, from, 0, size, dst);
            return;
        }
        RowGather g = MINE.get();
        g.src = src;
        g.dst = dst;
        g.order = order;
        g.cols = cols;
        g.from = from;
        g.size = size;
        g.parts = parts;
        try {
            KernelPool.run(g, parts);
        } finally {
            g.src = g.dst = null; // hold no arrays between batches
            g.order = null;
        }
    }

    @Override
    public void run(int part) {
        int mr = FloatMicroKernel.MR;
        copy(src, cols, order, from, FloatGemm.band(size, mr, part, parts), FloatGemm.band(size, mr, part + 1, parts), dst);
    }

    /** Rows [r0, r1) of the batch, a piece of every row at a time. */
    static void copy(float[] src, int cols, int[] order, int from, int r0, int r1, float[] dst) {
        for (int c = 0; c < cols; c += PIECE) {
            int len = Math.min(PIECE, cols - c);
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, order[from + r] * cols + c, dst, r * cols + c, len);
            }
        }
    }
}
