package dev.myelin.kernel;

import java.util.Arrays;

/**
 * Blocked, packed, multi-threaded float32 matrix product: C[m×n] (+)= op(A)·op(B), all row-major,
 * where op(A)[i][p] is {@code a[i*lda + p]} or, transposed, {@code a[p*lda + i]}, and op(B)[p][j] is
 * {@code b[p*ldb + j]} or, transposed, {@code b[j*ldb + p]}. The three products of a dense layer are
 * the three layouts: X·W (neither transposed), δ·Wᵀ (B transposed), Xᵀ·δ (A transposed).
 *
 * <p><b>Blocking</b> (GotoBLAS/BLIS scheme). The k range is cut into equal blocks of at most
 * {@link #KC}; for each column panel of at most {@link #NC} columns and each k-block (the k-blocks
 * outermost where AVX2 copies a transposed A, {@link #HOISTED_A_FLOATS}), the panel of
 * op(B) is packed into slivers of {@code NR} columns (kc×NR, k-major, zero-padded), then for each
 * block of at most {@link #MC} rows op(A) is packed into slivers of {@code MR} rows, and the
 * {@link FloatMicroKernel} computes every MR×NR tile with the A sliver held in L1 while the packed
 * B panel streams from L2. Partial edge tiles are computed into a scratch tile and merged. Where A is
 * not transposed, whole slivers of A are read in place instead of packed ({@link FloatUnpackedKernel};
 * {@link #readsAInPlace}). On AVX2 A is never packed k-major ({@link #ROWS_OF_A}): it is read in place,
 * a transposed A five rows at a time ({@link FloatTransposedKernel}), or else its block is copied as rows
 * and read in place from the copy. Packing is in {@link FloatPacking}.
 *
 * <p><b>Threads.</b> The output is split into one rectangle of whole tiles per thread, along m
 * (rows of C) unless it has more tiles along n; each thread packs the panels of op(B) it needs. Where
 * a dense layer's weight rows split evenly into the threads' k-blocks, each thread owns a band of them
 * instead ({@link #owners}): a small batch's forward splits along k (each thread its own k-blocks, the
 * partial blocks then added in k order, {@link #splitsK}), and a weight gradient along its rows at the
 * owners' bounds. (Packing
 * op(B) once for all threads, each sliver claimed by the first thread to reach it, measured no faster at
 * n = 1,024 or in batch-1,000 inference on two threads, and was removed.)
 *
 * <p><b>Determinism.</b> An element's value depends only on the k-blocks (a function of k alone):
 * the accumulators of each k-block start at zero and are added to C in k order. Threads split the
 * output into disjoint rectangles (or, split along k, keep each k-block's sums apart until they are
 * added in k order), so the result is bit-identical for any thread count. Products under {@link KernelPool#parallelFlops()} run on the calling thread, and so do products
 * with at most {@link FloatSkinnyGemm#MAX_ROWS} rows of A, computed unpacked by {@link FloatSkinnyGemm}.
 * A·B with few columns (an output layer; {@link FloatNarrowGemm#takes}) is computed unpacked by
 * {@link FloatNarrowGemm}.
 *
 * <p><b>Sparse inputs.</b> X·W with X mostly zeros (MNIST pixels, one-hot columns), as
 * {@link FloatSparseKernel#sparse} finds by sampling X's first rows, is computed by {@link #sparseRect}:
 * the same k-blocks and order, each tile's multiply-adds only at the steps where some of its six rows
 * is nonzero, so the same bits as the packed product.
 *
 * <p><b>Epilogue.</b> {@link #denseForward} adds the bias and applies the activation to each MR×NR
 * block of C right after its last k-block is written, while the block is in L1 ({@link FloatEpilogue}),
 * instead of two more passes over the whole of Z.
 *
 * <p><b>Memory.</b> Packing buffers are per thread, grown when a larger block is first seen, and the
 * job description is a reused per-thread object: no allocation per call after warm-up.
 */
final class FloatGemm {
    private static final int MR = FloatMicroKernel.MR;
    private static final int NR = FloatMicroKernel.NR;
    /**
     * AVX2 reads A only as rows ({@link FloatUnpackedKernel}): with A packed k-major, C2 kept one of the
     * 12 accumulators on the stack (see {@link FloatMicroKernel}). The row kernel is fast only where C2
     * strip-mines counted loops (G1's default; {@code ./myelin} turns it on for its serial collector).
     */
    static final boolean ROWS_OF_A = FloatMicroKernel.V == 8;
    /**
     * The k-block, on every vector shape. AVX2 had 128 (for a pre-broadcast packing whose 24 KB sliver
     * had to stay in a 32 KB L1, gone since); 256 measured the same there (n = 1,024 products 89–97
     * against 90–98 GFLOPS on 1 thread, 174–188 against 174–189 on 2) and cuts a 784-input layer into
     * four blocks, which two threads share evenly ({@link #owners}).
     */
    static final int KC = 256;
    static final int MC = 10 * MR;
    static final int NC = 16 * NR;

    private FloatGemm() {}

    /** Per-thread state: packing buffers and the job description handed to the pool. */
    private static final class Local {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MR * NR];
        final Job job = new Job();
        final FloatEpilogue epilogue = new FloatEpilogue();
        private int[] runs = new int[0];

        /**
         * A reused scratch of at least k + 1 ints: {@link FloatSkinnyGemm#ab}'s runs of nonzero steps, or
         * {@link #sparseRect}'s listed steps.
         */
        int[] runs(int k) {
            if (runs.length < k + 1) {
                runs = new int[k + 1];
            }
            return runs;
        }
    }

    private static final ThreadLocal<Local> LOCAL = ThreadLocal.withInitial(Local::new);

    /** How a product's parts divide it. */
    private enum Split {
        /** Bands of whole MR-row tiles of C. */
        ROWS,
        /** Bands of whole NR-column tiles of C. */
        COLUMNS,
        /** The weight rows' owners' bands of C's rows (a weight gradient, {@link #owners}). */
        OWNER_ROWS,
        /** The owners' k-blocks, each part over all of C (a forward, {@link #splitsK}). */
        K_BLOCKS,
        /** After {@link #K_BLOCKS}: bands of C's rows, each adding its partial blocks in k order. */
        K_SUMS
    }

    /** One product, split into {@code parts} as {@link #split} says. */
    private static final class Job implements KernelPool.Job {
        int m, n, k, lda, ldb, ldc, parts;
        float[] a, b, c;
        boolean ta, tb, accumulate;
        /** X·W with X mostly zeros: computed by {@link #sparseRect} instead of {@link #rect}. */
        boolean sparse;
        Split split;
        /** Split along k: the first k-block computed into {@link #partials}, not into C. */
        int partialFrom;
        /** Split along k: one m×ldc block of C per k-block from {@link #partialFrom} on. */
        float[] partials = new float[0];
        /** Run on each block of C after its last k-block, or null. */
        FloatEpilogue epilogue;

        @Override
        public void run(int part) {
            Local local = LOCAL.get();
            int kBlocks = kBlocks(k);
            switch (split) {
                case ROWS -> rect(local, band(m, MR, part, parts), band(m, MR, part + 1, parts), 0, n, 0, kBlocks);
                case COLUMNS -> rect(local, 0, m, band(n, NR, part, parts), band(n, NR, part + 1, parts), 0, kBlocks);
                case OWNER_ROWS -> rect(local, ownerRow(m, part, parts), ownerRow(m, part + 1, parts), 0, n, 0, kBlocks);
                case K_BLOCKS -> rect(local, 0, m, 0, n, band(kBlocks, 1, part, parts), band(kBlocks, 1, part + 1, parts));
                case K_SUMS -> reduce(this, band(m, 1, part, parts), band(m, 1, part + 1, parts));
            }
        }

        /** {@link FloatGemm#rect}, or {@link FloatGemm#sparseRect} for a sparse X·W: the same bits. */
        void rect(Local local, int m0, int m1, int n0, int n1, int kb0, int kb1) {
            if (sparse) {
                sparseRect(this, local, m0, m1, n0, n1, kb0, kb1);
            } else {
                FloatGemm.rect(this, local, m0, m1, n0, n1, kb0, kb1);
            }
        }

        void clear() {
            a = b = c = null;
            epilogue = null;
        }
    }

    private static int kBlocks(int k) {
        return (k + KC - 1) / KC;
    }

    /** Where k-block {@code kb} of {@code kBlocks} starts in a k range of {@code k} (k at kb = kBlocks). */
    private static int kBlockStart(int k, int kb, int kBlocks) {
        return (int) ((long) k * kb / kBlocks);
    }

    /**
     * <b>Owners.</b> On this 2-core machine a thread reading or writing rows another core wrote last
     * pays a transfer per cache line: an Adam update of the rows the other core's weight gradient had
     * just written, or of weights both cores had just read, took 53–56 µs for {@code small}'s 784×128
     * layer against 16 µs with every row its own (a standalone loop of the three phases). So where a
     * weight's rows split evenly into whole k-blocks among the threads, each thread owns one band of
     * them ({@link #ownerRow}) in every product and in the update: the forward X·W splits along k
     * ({@link #splitsK}), the weight gradient Xᵀ·δ along its rows at the owners' bounds, the optimizer
     * update ({@code OptimizerKernels}) along the same rows, all as pinned jobs
     * ({@link KernelPool#runPinned}), so each thread touches only its rows of W, ∂W and the optimizer's
     * moments. Which thread computes what changes no value. The real {@code small} loop (gather, step and
     * update, MNIST, one process alternating on and off): the update 56 → 23 µs and the batch 326 → 284 µs
     * on AVX2, 256 → 212 µs on AVX-512. (Gathering the batch by the owners' columns of X too measured
     * slower than by rows: 293 against 284 µs.) {@code -Dmyelin.gemm.owners=false} turns it off.
     */
    static volatile boolean owners = Boolean.parseBoolean(System.getProperty("myelin.gemm.owners", "true"));

    /** Test hook: false splits every product and update as before, to compare (same bits). */
    static void setOwners(boolean on) {
        owners = on;
    }

    /**
     * Whether the {@code rows} input rows of a weight are split among {@code parts} threads at
     * k-block bounds ({@link #owners}): with at least two threads, whose count divides the k-blocks.
     */
    static boolean ownerSplit(int rows, int parts) {
        return owners && parts > 1 && parts <= KernelPool.MAX_PINNED_PARTS && kBlocks(rows) % parts == 0;
    }

    /** The first of the rows owned by {@code part} of {@code parts} (rows at {@code part == parts}). */
    static int ownerRow(int rows, int part, int parts) {
        int kBlocks = kBlocks(rows);
        return kBlockStart(rows, band(kBlocks, 1, part, parts), kBlocks);
    }

    /**
     * Whether X·W (X m×k) is split along k among {@code parts} owners ({@link #owners}): each computes
     * its k-blocks for all of C, the first into C, the others each block into a partial of C's size,
     * and then each adds up a band of C's rows in k order and applies the epilogue (the same sums, in
     * the same order, as one thread). Only while the partials are small against W: the partial blocks
     * hold m·(k-blocks not the first owner's) rows of C, at most a quarter of k, the rows of W.
     */
    static boolean splitsK(int m, int k, int parts) {
        return ownerSplit(k, parts) && 4L * m * (kBlocks(k) - kBlocks(k) / parts) <= k;
    }

    /**
     * Where band {@code part} of {@code parts} starts among {@code count} rows or columns split in whole
     * units of {@code unit} (tiles); {@code band(count, unit, parts, parts)} is count. The threads' bands
     * of a product, and of the batch {@link RowGather} gathers for it.
     */
    static int band(int count, int unit, int part, int parts) {
        int units = (count + unit - 1) / unit;
        return Math.min(count, (int) ((long) units * part / parts) * unit);
    }

    /** C (+)= op(A)·op(B); see the class comment for the layouts. */
    static void gemm(int m, int n, int k, float[] a, int lda, boolean ta, float[] b, int ldb, boolean tb,
            float[] c, int ldc, boolean accumulate) {
        gemm(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, accumulate, LOCAL.get(), null);
    }

    /**
     * A dense layer's forward: Z = X·W + b (X m×k, W k×n, Z m×n, all row-major with row strides k, n, n)
     * and, unless {@code kind} is {@link FloatEpilogue#BIAS_ONLY}, A = g(Z) into {@code out} (m×n),
     * each block finished while it is in L1 (see {@link FloatEpilogue}).
     */
    static void denseForward(int m, int n, int k, float[] x, float[] w, float[] z, float[] bias, int kind,
            float alpha, float[] out) {
        Local local = LOCAL.get();
        FloatEpilogue epilogue = local.epilogue;
        epilogue.set(bias, kind, alpha, out);
        try {
            gemm(m, n, k, x, k, false, w, n, false, z, n, false, local, epilogue);
        } finally {
            epilogue.clear();
        }
    }

    private static void gemm(int m, int n, int k, float[] a, int lda, boolean ta, float[] b, int ldb, boolean tb,
            float[] c, int ldc, boolean accumulate, Local local, FloatEpilogue epilogue) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, i * ldc, i * ldc + n, 0f);
                }
            }
            if (epilogue != null) {
                epilogue.apply(c, 0, ldc, m, 0, n);
            }
            return;
        }
        if (m <= FloatSkinnyGemm.MAX_ROWS && !ta && (!tb || k >= FloatSkinnyGemm.MIN_DOT)) {
            if (!tb) {
                FloatSkinnyGemm.ab(m, n, k, a, lda, b, ldb, c, ldc, accumulate, local.runs(k));
            } else {
                FloatSkinnyGemm.abt(m, n, k, a, lda, b, ldb, c, ldc, accumulate, local.tile);
            }
            if (epilogue != null) {
                epilogue.apply(c, 0, ldc, m, 0, n);
            }
            return;
        }
        if (!ta && !tb && FloatNarrowGemm.takes(m, n)) {
            FloatNarrowGemm.ab(m, n, k, a, lda, b, ldb, c, ldc, accumulate, epilogue);
            return;
        }
        Job job = local.job;
        job.epilogue = epilogue;
        job.m = m;
        job.n = n;
        job.k = k;
        job.a = a;
        job.lda = lda;
        job.ta = ta;
        job.b = b;
        job.ldb = ldb;
        job.tb = tb;
        job.c = c;
        job.ldc = ldc;
        job.accumulate = accumulate;
        job.sparse = sparseRows && !tb
                && (ta ? FloatSparseKernel.sparseTransposed(m, k, a, lda) : FloatSparseKernel.sparse(m, k, a, lda));
        int tilesM = (m + MR - 1) / MR, tilesN = (n + NR - 1) / NR;
        int threads = 2L * m * n * k < KernelPool.parallelFlops() ? 1 : KernelPool.threads();
        if (!ta && !tb && splitsK(m, k, threads)) {
            job.split = Split.K_BLOCKS;
        } else if (tilesN >= tilesM) {
            job.split = Split.COLUMNS;
        } else {
            job.split = ta && ownerSplit(m, threads) ? Split.OWNER_ROWS : Split.ROWS;
        }
        job.parts = switch (job.split) {
            case ROWS -> Math.min(threads, tilesM);
            case COLUMNS -> Math.min(threads, tilesN);
            default -> threads;
        };
        try {
            if (job.parts <= 1) {
                job.rect(local, 0, m, 0, n, 0, kBlocks(k));
            } else if (job.split == Split.K_BLOCKS) {
                int kBlocks = kBlocks(k);
                job.partialFrom = band(kBlocks, 1, 1, threads);
                int size = (kBlocks - job.partialFrom) * m * ldc;
                if (job.partials.length < size) {
                    job.partials = new float[size];
                }
                KernelPool.runPinned(job, job.parts);
                job.split = Split.K_SUMS;
                KernelPool.runPinned(job, job.parts);
            } else if (job.split == Split.OWNER_ROWS) {
                KernelPool.runPinned(job, job.parts);
            } else {
                KernelPool.run(job, job.parts);
            }
        } finally {
            job.clear();
        }
    }

    /**
     * Rows [r0, r1) of a product split along k: C += each partial block in k order, then the epilogue
     * (the additions one thread makes at the end of each k-block, in the same order).
     */
    private static void reduce(Job j, int r0, int r1) {
        if (r0 >= r1) {
            return;
        }
        float[] c = j.c, p = j.partials;
        int n = j.n, ldc = j.ldc, blocks = kBlocks(j.k) - j.partialFrom, size = j.m * ldc;
        for (int r = r0; r < r1; r++) {
            int row = r * ldc;
            for (int b = 0; b < blocks; b++) {
                int pb = b * size + row;
                for (int q = 0; q < n; q++) {
                    c[row + q] += p[pb + q];
                }
            }
        }
        if (j.epilogue != null) {
            j.epilogue.apply(c, r0 * ldc, ldc, r1 - r0, 0, n);
        }
    }

    /**
     * Computes the rectangle [m0, m1) × [n0, n1) of C over the k-blocks [kb0, kb1); split along k, the
     * blocks from {@link Job#partialFrom} on go each into its partial block, C's epilogue waits for
     * {@link #reduce}.
     */
    private static void rect(Job j, Local local, int m0, int m1, int n0, int n1, int kb0, int kb1) {
        if (m0 >= m1 || n0 >= n1 || kb0 >= kb1) {
            return;
        }
        int k = j.k;
        int kBlocks = kBlocks(k);
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(NC, roundUp(n1 - n0, NR));
        int mcMax = Math.min(MC, roundUp(m1 - m0, MR));
        if (local.packB.length < ncMax * kcMax) {
            local.packB = new float[ncMax * kcMax];
        }
        int sA = copyStride(kcMax);
        boolean unpacked = readsAInPlace(j.ta, j.lda);
        boolean copied = ROWS_OF_A && !unpacked;
        boolean stepsInPlace = readsATransposedInPlace(j.ta, j.lda);
        boolean quads = quadRows;
        boolean fives = transposedFives && readsATransposedInFives(j.ta, j.lda);
        int panels = (n1 - n0 + NC - 1) / NC;
        int bandRows = roundUp(m1 - m0, MR);
        boolean hoist = copied && j.ta && !fives && panels > 1 && hoistCopies && (long) bandRows * sA <= HOISTED_A_FLOATS;
        int aSize = hoist ? bandRows * sA : ROWS_OF_A ? mcMax * sA : mcMax * kcMax;
        if (local.packA.length < aSize) {
            local.packA = new float[aSize];
        }
        float[] pa = local.packA, pb = local.packB;
        int ldc = j.ldc;
        // column panels outermost, k-blocks within; with the copy hoisted, k-blocks outermost (same bits:
        // each element still adds its k-blocks in order)
        int blocks = kb1 - kb0;
        for (int outer = 0, outers = hoist ? blocks : panels; outer < outers; outer++) {
            for (int inner = 0, inners = hoist ? panels : blocks; inner < inners; inner++) {
                int kb = kb0 + (hoist ? outer : inner);
                int jc = n0 + (hoist ? inner : outer) * NC;
                int nc = Math.min(NC, n1 - jc);
                boolean copyA = copied && (!hoist || jc == n0);
                int pc = kBlockStart(k, kb, kBlocks);
                int kc = kBlockStart(k, kb + 1, kBlocks) - pc;
                boolean splitK = j.split == Split.K_BLOCKS;
                boolean toPartial = splitK && kb >= j.partialFrom;
                float[] c = toPartial ? j.partials : j.c;
                int cOff = toPartial ? (kb - j.partialFrom) * j.m * ldc : 0;
                boolean load = !toPartial && (j.accumulate || kb > 0);
                boolean last = kb == kBlocks - 1 && !splitK;
                if (j.tb) {
                    FloatPacking.packBTransposed(j.b, j.ldb, pc, kc, jc, nc, pb, 0);
                } else {
                    FloatPacking.packB(j.b, j.ldb, pc, kc, jc, nc, pb, 0);
                }
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    if (fives) {
                        fives(j, local, ic, mc, pc, kc, jc, nc, load, last, sA);
                        continue;
                    }
                    int aOff = hoist ? (ic - m0) * sA : 0;
                    if (copied) {
                        if (copyA) {
                            FloatPacking.packARows(j.a, j.lda, j.ta, ic, mc, pc, kc, pa, aOff, sA);
                        }
                    } else if (j.ta && !stepsInPlace) {
                        FloatPacking.packATransposed(j.a, j.lda, ic, mc, pc, kc, pa);
                    } else if (!unpacked && !j.ta) {
                        FloatPacking.packA(j.a, j.lda, ic, mc, pc, kc, pa);
                    }
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int ai = ir * kc;
                        int ka = MR;
                        float[] ap = pa;
                        if (stepsInPlace && mr == MR) { // the MR values of each step are a row of op(A)ᵀ
                            ap = j.a;
                            ai = pc * j.lda + ic + ir;
                            ka = j.lda;
                        } else if (stepsInPlace) {
                            FloatPacking.packATransposed(j.a, j.lda, ic + ir, mr, pc, kc, pa);
                            ai = 0;
                        }
                        // a last partial sliver of A read in place: four rows at a time in place while four are
                        // left (quadRows), the rest copied as rows (AVX2) or packed, zero-padded
                        int quad = unpacked && mr < MR && quads ? mr / 4 * 4 : 0;
                        int rest = mr - quad;
                        boolean partial = unpacked && mr < MR && rest > 0;
                        boolean fromCopy = copied || partial && ROWS_OF_A;
                        if (partial && ROWS_OF_A) {
                            FloatPacking.packARows(j.a, j.lda, false, ic + ir + quad, rest, pc, kc, pa, 0, sA);
                        } else if (partial) {
                            FloatPacking.packA(j.a, j.lda, ic + ir + quad, rest, pc, kc, pa);
                            ai = 0;
                        }
                        boolean inPlace = fromCopy || unpacked && mr == MR;
                        float[] aRows = fromCopy ? pa : j.a;
                        int aLd = fromCopy ? sA : j.lda;
                        int ar = copied ? aOff + ir * sA : fromCopy ? 0 : (ic + ir) * j.lda + pc;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            int bi = jr * kc;
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            float[] t = local.tile;
                            for (int g = 0; g < quad; g += 4) {
                                int cg = ci + g * ldc, ag = (ic + ir + g) * j.lda + pc;
                                if (nr == NR) {
                                    FloatUnpackedKernel.tile4(j.a, ag, j.lda, pb, bi, kc, c, cg, ldc, load);
                                } else {
                                    FloatUnpackedKernel.tile4(j.a, ag, j.lda, pb, bi, kc, t, 0, NR, false);
                                    merge(t, 4, nr, c, cg, ldc, load);
                                }
                            }
                            int cr = ci + quad * ldc;
                            if (rest == MR && nr == NR) {
                                if (inPlace) {
                                    FloatUnpackedKernel.tile(aRows, ar, aLd, pb, bi, kc, c, cr, ldc, load);
                                } else {
                                    FloatMicroKernel.tile(ap, ai, ka, pb, bi, kc, c, cr, ldc, load);
                                }
                            } else if (rest > 0) {
                                if (inPlace) {
                                    FloatUnpackedKernel.tile(aRows, ar, aLd, pb, bi, kc, t, 0, NR, false);
                                } else {
                                    FloatMicroKernel.tile(ap, ai, ka, pb, bi, kc, t, 0, NR, false);
                                }
                                merge(t, rest, nr, c, cr, ldc, load);
                            }
                            if (last && j.epilogue != null) {
                                j.epilogue.apply(c, ci, ldc, mr, jc + jr, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #rect} for X·W with X mostly zeros ({@link FloatSparseKernel}): the same loops over column
     * panels and k-blocks, the same packed B, C written and added to in the same order, but A in groups
     * of {@link FloatSparseKernel#ROWS} rows, each tile making its multiply-adds only at the steps where
     * some row of its group is nonzero. The same bits as {@link #rect} (tested). The group's rows are
     * compacted to their listed steps ({@link FloatSparseKernel#gather}), or read in place where
     * {@link FloatSparseKernel#compacts} is off (a last group of fewer rows then copied as rows,
     * zero-padded); tiles past C's last row or column go through the scratch tile.
     */
    private static void sparseRect(Job j, Local local, int m0, int m1, int n0, int n1, int kb0, int kb1) {
        if (m0 >= m1 || n0 >= n1 || kb0 >= kb1) {
            return;
        }
        if (!j.ta && j.m >= FloatSparseKernel.rowsFrom) {
            sparseRectRows(j, local, m0, m1, n0, n1, kb0, kb1);
            return;
        }
        int k = j.k;
        int kBlocks = kBlocks(k);
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(NC, roundUp(n1 - n0, NR));
        if (local.packB.length < ncMax * kcMax) {
            local.packB = new float[ncMax * kcMax];
        }
        int sA = copyStride(kcMax + FloatMicroKernel.V); // room for a last vector stored whole
        if (local.packA.length < MR * sA) {
            local.packA = new float[MR * sA];
        }
        int rows = j.ta ? FloatSparseKernel.TRANSPOSED_ROWS : FloatSparseKernel.ROWS;
        int[] steps = local.runs(kcMax + FloatMicroKernel.V);
        float[] a = j.a, pa = local.packA, pb = local.packB, t = local.tile;
        int lda = j.lda, ldc = j.ldc;
        boolean splitK = j.split == Split.K_BLOCKS;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int kb = kb0; kb < kb1; kb++) {
                int pc = kBlockStart(k, kb, kBlocks);
                int kc = kBlockStart(k, kb + 1, kBlocks) - pc;
                boolean toPartial = splitK && kb >= j.partialFrom;
                float[] c = toPartial ? j.partials : j.c;
                int cOff = toPartial ? (kb - j.partialFrom) * j.m * ldc : 0;
                boolean load = !toPartial && (j.accumulate || kb > 0);
                boolean last = kb == kBlocks - 1 && !splitK;
                FloatPacking.packB(j.b, j.ldb, pc, kc, jc, nc, pb, 0);
                for (int ir = m0; ir < m1; ir += rows) {
                    int mr = Math.min(rows, m1 - ir);
                    boolean transposed = j.ta && mr == rows; // Xᵀ·δ's last group of fewer rows: copied, padded
                    boolean compacted = !j.ta && FloatSparseKernel.compacts;
                    float[] x = a;
                    int xr = j.ta ? pc * lda + ir : ir * lda + pc, ldx = lda, count;
                    if (transposed) { // five neighbouring columns of X, read in place at the listed rows
                        count = FloatSparseKernel.stepsTransposed(a, xr, lda, kc, steps);
                    } else if (compacted) { // the listed steps of the group's rows, copied as rows
                        count = FloatSparseKernel.gather(a, xr, lda, mr, kc, steps, pa, sA);
                        x = pa;
                        xr = 0;
                        ldx = sA;
                    } else {
                        if (mr < rows) {
                            FloatPacking.packARows(a, lda, j.ta, ir, mr, pc, kc, pa, 0, sA);
                            x = pa;
                            xr = 0;
                            ldx = sA;
                        }
                        count = FloatSparseKernel.steps(x, xr, ldx, FloatSparseKernel.ROWS, kc, steps);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = jr * kc;
                        int ci = cOff + ir * ldc + jc + jr;
                        boolean whole = mr == rows && nr == NR;
                        float[] cc = whole ? c : t;
                        int cci = whole ? ci : 0, ldcc = whole ? ldc : NR;
                        if (transposed) {
                            FloatSparseKernel.tileTransposed(x, xr, ldx, pb, bi, steps, count, cc, cci, ldcc, whole && load);
                        } else if (compacted) {
                            FloatSparseKernel.tileCompacted(x, xr, ldx, pb, bi, steps, count, cc, cci, ldcc, whole && load);
                        } else {
                            FloatSparseKernel.tile(x, xr, ldx, pb, bi, steps, count, cc, cci, ldcc, whole && load);
                        }
                        if (!whole) {
                            merge(t, mr, nr, c, ci, ldc, load);
                        }
                        if (last && j.epilogue != null) {
                            j.epilogue.apply(c, ci, ldc, mr, jc + jr, nr);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #sparseRect} for an inference batch ({@link FloatSparseKernel#rowsFrom} rows or more): each
     * row's nonzero steps of a k-block listed ({@link FloatSparseKernel#gatherRow}) and its columns
     * computed from W in place, 8·V at a time ({@link FloatSparseKernel#tileRow8}), then V, then one by
     * one. The same k-blocks, C written and added to in the same order: the same bits as {@link #rect}
     * (tested), and the epilogue run on each row after its last k-block.
     */
    private static void sparseRectRows(Job j, Local local, int m0, int m1, int n0, int n1, int kb0, int kb1) {
        int k = j.k;
        int kBlocks = kBlocks(k);
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int sA = kcMax + FloatMicroKernel.V;
        if (local.packA.length < sA) {
            local.packA = new float[sA];
        }
        int[] steps = local.runs(kcMax + FloatMicroKernel.V);
        float[] a = j.a, pa = local.packA, b = j.b;
        int lda = j.lda, ldb = j.ldb, ldc = j.ldc;
        int v = FloatMicroKernel.V, wide = 8 * v;
        boolean splitK = j.split == Split.K_BLOCKS;
        for (int kb = kb0; kb < kb1; kb++) {
            int pc = kBlockStart(k, kb, kBlocks);
            int kc = kBlockStart(k, kb + 1, kBlocks) - pc;
            boolean toPartial = splitK && kb >= j.partialFrom;
            float[] c = toPartial ? j.partials : j.c;
            int cOff = toPartial ? (kb - j.partialFrom) * j.m * ldc : 0;
            boolean load = !toPartial && (j.accumulate || kb > 0);
            boolean last = kb == kBlocks - 1 && !splitK;
            for (int ir = m0; ir < m1; ir++) {
                int count = FloatSparseKernel.gatherRow(a, ir * lda + pc, kc, steps, pa);
                int row = cOff + ir * ldc;
                int jc = n0;
                for (; jc + wide <= n1; jc += wide) {
                    FloatSparseKernel.tileRow8(pa, b, pc * ldb + jc, ldb, steps, count, c, row + jc, load);
                }
                for (; jc + v <= n1; jc += v) {
                    FloatSparseKernel.tileRowVector(pa, b, pc * ldb + jc, ldb, steps, count, c, row + jc, load);
                }
                if (jc < n1) {
                    FloatSparseKernel.tileRowScalar(pa, b, pc * ldb + jc, ldb, steps, count, n1 - jc, c, row + jc, load);
                }
                if (last && j.epilogue != null) {
                    j.epilogue.apply(c, row + n0, ldc, 1, n0, n1 - n0);
                }
            }
        }
    }

    /**
     * Whether X·W with X mostly zeros goes through {@link #sparseRect} ({@link FloatSparseKernel#sparse}
     * decides per product). False only in tests and measurements, to compare (same bits).
     */
    static volatile boolean sparseRows = Boolean.parseBoolean(System.getProperty("myelin.gemm.sparse", "true"));

    /** Test hook: see {@link #sparseRows}. */
    static void setSparseRows(boolean on) {
        sparseRows = on;
    }

    /**
     * Whether the MR-row slivers of A are read in place ({@link FloatUnpackedKernel}) rather than
     * packed (or, on AVX2, copied as rows): where A is not transposed and its row stride is not a
     * multiple of 128 floats (512 bytes). With such a stride the MR rows fall into a few sets of L1
     * (4 KB apart for 1,024 columns: all in one): n = 1,024 products then ran at 102 or 185 GFLOPS
     * from one run to the next, against a steady 147–160 packed. {@code -Dmyelin.gemm.unpackedA=false}
     * packs (copies) A always (to compare).
     */
    static boolean readsAInPlace(boolean ta, int lda) {
        return UNPACKED_A && !ta && lda % 128 != 0;
    }

    /**
     * Whether a transposed A (A = Xᵀ, X row-major with row stride lda: a weight gradient's Xᵀ·δ) is read
     * in place by the k-major {@link FloatMicroKernel} instead of packed: the MR values of one k step are
     * MR neighbours in a row of X, so the kernel reads them with X's row stride as the step. Not on AVX2,
     * where that kernel spills (it copies A as rows there, see {@link #ROWS_OF_A}), nor for strides that
     * are multiples of 128 floats (every step would fall into the same L1 sets). Measured in one process
     * alternating packed and in place: 64×784×128 AᵀB (MNIST {@code small}'s first weight gradient)
     * 131 → 152 GFLOPS on 1 thread and 144 → 175 on 2 on AVX-512, 41 → 43 on 128-bit; the {@code small}
     * step 160 → 150 µs on 2 threads. Separate processes alternating the two builds, four each: a median
     * of 137 against 150 GFLOPS on 1 thread. On AVX2 the k-major kernel ran it at 43 GFLOPS against 57 copied.
     */
    static boolean readsATransposedInPlace(boolean ta, int lda) {
        return UNPACKED_A && ta && !ROWS_OF_A && lda % 128 != 0;
    }

    /**
     * The rows [ic, ic+mc) of a transposed A read in place five rows at a time by
     * {@link FloatTransposedKernel} (AVX2, see {@link #readsATransposedInFives}), over the packed B panel
     * of the k-block [pc, pc+kc) and the columns [jc, jc+nc). A last four rows take the four-row tile;
     * one to three are copied as rows and read by the padded {@link FloatUnpackedKernel} sliver.
     */
    private static void fives(Job j, Local local, int ic, int mc, int pc, int kc, int jc, int nc, boolean load,
            boolean last, int sA) {
        float[] a = j.a, c = j.c, t = local.tile, pa = local.packA, pb = local.packB;
        int lda = j.lda, ldc = j.ldc;
        for (int ir = 0; ir < mc; ir += FloatTransposedKernel.ROWS) {
            int mr = Math.min(FloatTransposedKernel.ROWS, mc - ir);
            int ak = pc * lda + ic + ir;
            if (mr < 4) {
                FloatPacking.packARows(a, lda, true, ic + ir, mr, pc, kc, pa, 0, sA);
            }
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bi = jr * kc;
                int ci = (ic + ir) * ldc + jc + jr;
                boolean whole = nr == NR;
                if (mr == FloatTransposedKernel.ROWS) {
                    FloatTransposedKernel.tile5(a, ak, lda, pb, bi, kc, whole ? c : t, whole ? ci : 0, whole ? ldc : NR,
                            whole && load);
                } else if (mr == 4) {
                    FloatTransposedKernel.tile4(a, ak, lda, pb, bi, kc, whole ? c : t, whole ? ci : 0, whole ? ldc : NR,
                            whole && load);
                } else {
                    whole = false;
                    FloatUnpackedKernel.tile(pa, 0, sA, pb, bi, kc, t, 0, NR, false);
                }
                if (!whole) {
                    merge(t, mr, nr, c, ci, ldc, load);
                }
                if (last && j.epilogue != null) {
                    j.epilogue.apply(c, ci, ldc, mr, jc + jr, nr);
                }
            }
        }
    }

    /**
     * Whether AVX2 copies a transposed A it cannot read in place (a row stride that is a multiple of 128
     * floats) once per k-block for the thread's whole band of rows, rather than once per column panel
     * of {@link #NC} columns: the k-blocks then go outermost. The scalar transposing copy of an n = 1,024
     * AᵀB was made four times (four panels). One process alternating the two on AVX2: n = 1,024 AᵀB
     * 82–89 → 92–97 GFLOPS on 1 thread and 159–161 → 175–180 on 2; 128×1,024×1,024 AᵀB ({@code wide}'s
     * second weight gradient) 92 → 99 and 169 → 181. Not for A copied untransposed (a row copy is cheap,
     * and with the k-blocks outermost a 128×1,024×1,024 δ·Wᵀ went 152 → 139 on 2 threads). Up to this
     * many floats of copy per thread.
     */
    static final int HOISTED_A_FLOATS = 1 << 19;

    /** Test hook: false copies the transposed A per column panel as before, to compare (same bits). */
    static volatile boolean hoistCopies = true;

    static void setHoistCopies(boolean on) {
        hoistCopies = on;
    }

    /**
     * Whether a transposed A is read in place five rows at a time ({@link FloatTransposedKernel}) rather
     * than copied as rows: on AVX2 ({@link #ROWS_OF_A}), for strides that are not multiples of 128 floats
     * (see {@link #readsAInPlace}). MNIST {@code small}'s weight gradient: 63–84 → 80–102 GFLOPS.
     */
    static boolean readsATransposedInFives(boolean ta, int lda) {
        return UNPACKED_A && ta && ROWS_OF_A && lda % 128 != 0;
    }

    /** Test hook: false copies a transposed A as rows on AVX2 as before, to compare (same bits). */
    static volatile boolean transposedFives = true;

    static void setTransposedFives(boolean on) {
        transposedFives = on;
    }

    /**
     * Whether the last rows of a product read in place go four at a time through
     * {@link FloatUnpackedKernel#tile4} rather than a zero-padded MR-row sliver: with a batch of 64 the
     * padded sliver computed 12 rows for 4 on AVX-512 (one tile in six, two thirds of it padding). Measured in one process
     * alternating the two: 64×784×128 X·W 122 → 136 GFLOPS on 1 thread and 96 → 125 on 2
     * (64×784×512 125 → 146); a {@code small} gather and step 270 → 260 µs on 1 thread, 250 → 241 on 2;
     * on AVX2 (a 6-row tile, 4 padded rows of 6) 92 → 96 GFLOPS. Separate processes alternating the two
     * builds, four each: 144–146 against 157–166 GFLOPS. Same bits either way (tested); false only in
     * tests, to compare.
     */
    static volatile boolean quadRows = true;

    /** Test hook: see {@link #quadRows}. */
    static void setQuadRows(boolean on) {
        quadRows = on;
    }

    private static final boolean UNPACKED_A = Boolean.parseBoolean(System.getProperty("myelin.gemm.unpackedA", "true"));

    /**
     * The row stride of A copied as rows: whole 64-byte lines plus one, and never a multiple of 128
     * floats (see {@link #readsAInPlace}), so the MR rows spread over L1's sets.
     */
    static int copyStride(int kc) {
        int s = roundUp(kc, 16) + 16;
        return s % 128 == 0 ? s + 16 : s;
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    private static void merge(float[] t, int mr, int nr, float[] c, int ci, int ldc, boolean load) {
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            if (load) {
                for (int q = 0; q < nr; q++) {
                    c[row + q] += t[r * NR + q];
                }
            } else {
                System.arraycopy(t, r * NR, c, row, nr);
            }
        }
    }
}
