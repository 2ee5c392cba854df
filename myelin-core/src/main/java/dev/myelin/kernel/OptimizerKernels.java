package dev.myelin.kernel;

/**
 * The fast path of the optimizers in {@code dev.myelin.optim}: each algorithm's {@code update}
 * calls its method here when the parameter is float32 and {@link #available()} (the Vector API is
 * present and the fast kernels are in use), else runs its own plain reference loop. The loops are
 * {@link VectorOptimizers}'; a parameter of {@link #PARALLEL_ELEMENTS} or more is split over the
 * {@link KernelPool}: into the bands of rows that each thread owns in the layer's products where the
 * rows split so ({@code FloatGemm.owners}; a pinned job, so each thread updates the rows its weight
 * gradient just wrote), else into fixed chunks. Each element is updated by exactly one thread with the
 * same arithmetic, so the result does not depend on the thread count. Each method takes the
 * parameter's shape, rows × cols (a dense weight's inputs × units; a bias is 1 × units).
 *
 * <p>This class links without the {@code jdk.incubator.vector} module: it touches
 * {@link VectorOptimizers} only after {@link #available()} said yes. One job object per calling
 * thread is reused, so a training step allocates nothing here.
 */
public final class OptimizerKernels {
    /** Element-wise updates over this many elements or more are split over the kernel threads. */
    static final int PARALLEL_ELEMENTS = 1 << 16;
    private static final int CHUNK = 1 << 14;
    private static final ThreadLocal<Update> MINE = ThreadLocal.withInitial(Update::new);

    private enum Kind { SGD, MOMENTUM, ADAM, ADAGRAD, RMSPROP, ADADELTA, DECAY, SCALE }

    /** The partial sums of {@link #sumOfSquares}: element i goes to sum i mod 8. */
    public static final int SUMS = 8;

    private OptimizerKernels() {}

    /** True when the SIMD loops run here: the Vector API is present and the fast kernels are selected. */
    public static boolean available() {
        return KernelRegistry.current() != ReferenceKernels.INSTANCE && KernelRegistry.vectorPresent();
    }

    /** SGD over a rows×cols parameter (see {@code Sgd}). */
    public static void sgd(float[] w, float[] g, int rows, int cols, float lr) {
        MINE.get().set(rows, cols, Kind.SGD, w, g, null, null, lr).go();
    }

    /** Momentum over a rows×cols parameter (see {@code Momentum}); {@code first} is the first step (b = g). */
    public static void momentum(float[] w, float[] g, float[] buf, int rows, int cols, float lr, float mu, boolean nesterov,
            boolean first) {
        Update u = MINE.get().set(rows, cols, Kind.MOMENTUM, w, g, buf, null, lr);
        u.a = mu;
        u.nesterov = nesterov;
        u.first = first;
        u.go();
    }

    /** Adam/AdamW over a rows×cols parameter (see {@code Adam}); c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ, decay λ (0 for Adam). */
    public static void adam(float[] w, float[] g, float[] m, float[] v, int rows, int cols, float lr, float beta1, float beta2,
            float eps, float c1, float c2, float decay) {
        Update u = MINE.get().set(rows, cols, Kind.ADAM, w, g, m, v, lr);
        u.a = beta1;
        u.b = beta2;
        u.eps = eps;
        u.c1 = c1;
        u.c2 = c2;
        u.decay = decay;
        u.go();
    }

    /** Adagrad over a rows×cols parameter (see {@code Adagrad}). */
    public static void adagrad(float[] w, float[] g, float[] sum, int rows, int cols, float lr, float eps) {
        Update u = MINE.get().set(rows, cols, Kind.ADAGRAD, w, g, sum, null, lr);
        u.eps = eps;
        u.go();
    }

    /** RMSprop over a rows×cols parameter (see {@code RmsProp}). */
    public static void rmsprop(float[] w, float[] g, float[] squareAvg, int rows, int cols, float lr, float alpha, float eps) {
        Update u = MINE.get().set(rows, cols, Kind.RMSPROP, w, g, squareAvg, null, lr);
        u.a = alpha;
        u.eps = eps;
        u.go();
    }

    /** Adadelta over a rows×cols parameter (see {@code Adadelta}). */
    public static void adadelta(float[] w, float[] g, float[] squareAvg, float[] accDelta, int rows, int cols, float lr, float rho,
            float eps) {
        Update u = MINE.get().set(rows, cols, Kind.ADADELTA, w, g, squareAvg, accDelta, lr);
        u.a = rho;
        u.eps = eps;
        u.go();
    }

    /**
     * L1/L2 weight decay on a rows×cols parameter's gradient before the update: g ← g + λ₂·w + λ₁·sign w
     * (see {@code Optimizer.decayReference}, whose bits these are).
     */
    public static void decay(float[] w, float[] g, int rows, int cols, double l2, double l1) {
        Update u = MINE.get().set(rows, cols, Kind.DECAY, w, g, null, null, 0f);
        u.da = l2;
        u.db = l1;
        u.go();
    }

    /** Clipping's rescale of a rows×cols gradient: g ← g·s (see {@code Optimizer.scaleReference}, whose bits these are). */
    public static void scale(float[] g, int rows, int cols, double s) {
        Update u = MINE.get().set(rows, cols, Kind.SCALE, null, g, null, null, 0f);
        u.da = s;
        u.go();
    }

    /**
     * Σ g[i]² over i &lt; n in double, for the global norm of clipping: element i is added to partial
     * sum i mod {@link #SUMS}, each partial in index order, then the partials pairwise
     * ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)). The order is fixed (not the vector width's, not
     * the thread count's), and {@code Optimizer.sumOfSquaresReference} adds in the same order: the
     * same value. Eight independent chains instead of one: a 784×128 gradient's sum took about 100 µs
     * as one chain of dependent additions.
     */
    public static double sumOfSquares(float[] g, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (int end = n / SUMS * SUMS; i < end; i += SUMS) {
            double g0 = g[i], g1 = g[i + 1], g2 = g[i + 2], g3 = g[i + 3];
            double g4 = g[i + 4], g5 = g[i + 5], g6 = g[i + 6], g7 = g[i + 7];
            s0 += g0 * g0;
            s1 += g1 * g1;
            s2 += g2 * g2;
            s3 += g3 * g3;
            s4 += g4 * g4;
            s5 += g5 * g5;
            s6 += g6 * g6;
            s7 += g7 * g7;
        }
        int rest = n - i; // fewer than eight: each to its own partial
        s0 += rest > 0 ? square(g[i]) : 0;
        s1 += rest > 1 ? square(g[i + 1]) : 0;
        s2 += rest > 2 ? square(g[i + 2]) : 0;
        s3 += rest > 3 ? square(g[i + 3]) : 0;
        s4 += rest > 4 ? square(g[i + 4]) : 0;
        s5 += rest > 5 ? square(g[i + 5]) : 0;
        s6 += rest > 6 ? square(g[i + 6]) : 0;
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double square(float v) {
        double d = v;
        return d * d;
    }

    /** One update, split into owners' bands or chunks for the {@link KernelPool}; one instance per calling thread. */
    private static final class Update implements KernelPool.Job {
        private Kind kind;
        private int n, rows, cols, parts;
        /** Split into the weight rows' owners' bands ({@code FloatGemm.owners}) rather than chunks. */
        private boolean owned;
        private float[] w, g, s1, s2;
        private float lr, a, b, eps, c1, c2, decay;
        /** Double-precision arguments: {@link Kind#DECAY}'s λ₂ and λ₁, {@link Kind#SCALE}'s factor (da). */
        private double da, db;
        private boolean nesterov, first;

        private Update set(int rows, int cols, Kind kind, float[] w, float[] g, float[] s1, float[] s2, float lr) {
            this.rows = rows;
            this.cols = cols;
            this.n = rows * cols;
            this.kind = kind;
            this.w = w;
            this.g = g;
            this.s1 = s1;
            this.s2 = s2;
            this.lr = lr;
            return this;
        }

        private void go() {
            try {
                int threads = KernelPool.threads();
                owned = false;
                if (n < PARALLEL_ELEMENTS || threads <= 1) {
                    range(0, n);
                } else if (FloatGemm.ownerSplit(rows, threads)) {
                    owned = true;
                    parts = threads;
                    KernelPool.runPinned(this, threads);
                } else {
                    KernelPool.run(this, (n + CHUNK - 1) / CHUNK);
                }
            } finally {
                w = g = s1 = s2 = null; // hold no arrays between steps
            }
        }

        @Override
        public void run(int part) {
            if (owned) {
                range(FloatGemm.ownerRow(rows, part, parts) * cols, FloatGemm.ownerRow(rows, part + 1, parts) * cols);
                return;
            }
            range(part * CHUNK, Math.min(n, (part + 1) * CHUNK));
        }

        private void range(int from, int to) {
            switch (kind) {
                case SGD -> VectorOptimizers.sgd(w, g, from, to, lr);
                case MOMENTUM -> VectorOptimizers.momentum(w, g, s1, from, to, lr, a, nesterov, first);
                case ADAM -> VectorOptimizers.adam(w, g, s1, s2, from, to, lr, a, b, eps, c1, c2, decay);
                case ADAGRAD -> VectorOptimizers.adagrad(w, g, s1, from, to, lr, eps);
                case RMSPROP -> VectorOptimizers.rmsprop(w, g, s1, from, to, lr, a, eps);
                case ADADELTA -> VectorOptimizers.adadelta(w, g, s1, s2, from, to, lr, a, eps);
                case DECAY -> VectorOptimizers.decay(w, g, from, to, da, db);
                case SCALE -> VectorOptimizers.scale(g, from, to, da);
            }
        }
    }
}
