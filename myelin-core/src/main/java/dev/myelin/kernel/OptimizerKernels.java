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

    private enum Kind { SGD, MOMENTUM, ADAM, ADAGRAD, RMSPROP, ADADELTA }

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

    /** One update, split into owners' bands or chunks for the {@link KernelPool}; one instance per calling thread. */
    private static final class Update implements KernelPool.Job {
        private Kind kind;
        private int n, rows, cols, parts;
        /** Split into the weight rows' owners' bands ({@code FloatGemm.owners}) rather than chunks. */
        private boolean owned;
        private float[] w, g, s1, s2;
        private float lr, a, b, eps, c1, c2, decay;
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
            }
        }
    }
}
