package dev.myelin.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of daemon worker threads shared by every thread that computes with the kernels.
 * {@link #run} splits one job into parts {@code 0..parts-1}; the calling thread and the workers claim
 * parts until none is left, and {@code run} returns when all are done. Which thread runs which part
 * does not matter: a job's parts write disjoint outputs, each computed the same way by whichever
 * thread takes it, so results do not depend on the thread count or on who helped.
 *
 * <p><b>Fair.</b> Several callers (two threads training two networks at once) each publish their
 * job in a slot of a small table; an idle worker takes parts from the table's jobs in turn, starting
 * after the slot it served last, and every caller also works on its own job, so each makes progress
 * and none waits for another's job to finish. A caller finding the table full computes all its parts
 * itself (the same result).
 *
 * <p><b>Quiet when idle, quick within a step.</b> A worker that finds no part to claim spins for at
 * most {@link #WORKER_SPIN_NANOS} (200 µs), then parks: the products of a training step follow one
 * another within microseconds, and waking a parked thread costs tens of microseconds, as long as a
 * whole part of a small product. A caller whose last parts are still running elsewhere spins for at
 * most {@link #WAIT_SPIN_NANOS} (300 µs; the parts of one product end together), then parks until the
 * worker finishing the last part unparks it. Measured on 2 cores (MNIST {@code small}, 784-128-10,
 * batch 64, one process alternating the settings): a step took 333 µs with the old 0 µs / 20 µs
 * windows and 254 µs with these; a 64×784×128 product went from 108 to 156 GFLOPS. Nothing spins
 * once the window has passed. Workers are daemon threads, created when first needed;
 * {@code -Dmyelin.pool.workerSpinMicros} and {@code -Dmyelin.pool.waitSpinMicros} change the windows.
 *
 * <p><b>Pinned jobs keep data in one core's cache.</b> {@link #runPinned} gives part p to participant
 * p (the caller is 0, worker i is i), so a thread runs the same part of every step and finds the rows it
 * wrote last in its own cache: on this 2-core machine an Adam update of the rows the other core had
 * just written took three times as long as one of its own rows (see {@link FloatGemm#owners}). A part
 * whose worker has not claimed it within {@link #GRACE_NANOS} of the caller running out of work is run
 * by the caller (a busy or parked worker holds a job up by the grace at most); who runs a part changes no value.
 *
 * <p><b>No allocation per job.</b> Each calling thread reuses one {@link Task}; parts are claimed from
 * a counter that carries the task's generation, so a late worker can never run a part of a newer job
 * with an older job's description.
 */
final class KernelPool {
    /** A job split into parts; {@link #run(int)} computes one part. */
    interface Job {
        void run(int part);
    }

    /** How long a caller spins for its job's last parts before it parks. */
    private static final long WAIT_SPIN_NANOS = Long.getLong("myelin.pool.waitSpinMicros", 300) * 1000;
    /** How long an idle worker spins for the next job before it parks. */
    private static final long WORKER_SPIN_NANOS = Long.getLong("myelin.pool.workerSpinMicros", 200) * 1000;

    /**
     * How long the caller of a pinned job waits, once its own part is done, for a worker to claim its
     * part before it runs that part itself. A spinning worker claims its part within a microsecond of
     * the job's publication, long before the caller has finished its own; one that has not is busy,
     * parked or descheduled. With another process spinning on the second core, {@code small}'s loop
     * with pinned jobs took 775 µs per batch against 565 unpinned with a 50 µs grace, 786 against 726
     * with 5 µs (on a quiet machine pinned jobs are 14–19 % faster with either).
     */
    private static final long GRACE_NANOS = Long.getLong("myelin.pool.graceMicros", 5) * 1000;

    private static final int SLOTS = 16;
    /** The part counter's low 32 bits between jobs: no part can be claimed. */
    private static final long IDLE = Integer.MAX_VALUE;
    /** The counter's bit saying its job is pinned: its low 32 bits are then the mask of claimed parts. */
    private static final long PINNED = 1L << 32;
    /** The most parts a pinned job may have (one bit each in the counter). */
    static final int MAX_PINNED_PARTS = 31;

    private static volatile int threads = Math.max(1, Integer.getInteger("myelin.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Products of fewer floating-point operations than this run on the calling thread. */
    private static volatile long parallelFlops = Long.getLong("myelin.parallelFlops", 1L << 22);

    private static final AtomicReferenceArray<Task> ACTIVE = new AtomicReferenceArray<>(SLOTS);
    private static final ThreadLocal<Task> MINE = ThreadLocal.withInitial(Task::new);
    private static Worker[] workers = new Worker[0];

    private KernelPool() {}

    static int threads() {
        return threads;
    }

    static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the kernels need at least 1 thread, got " + n);
        }
        threads = n;
    }

    static long parallelFlops() {
        return parallelFlops;
    }

    /** Test hook: the size from which products are split over threads. */
    static void setParallelFlops(long flops) {
        parallelFlops = Math.max(0, flops);
    }

    /** The number of worker threads started so far (test hook). */
    static synchronized int workerCount() {
        return workers.length;
    }

    /** Worker threads (test hook): to check they are daemons and parked when idle. */
    static synchronized Thread[] workerThreads() {
        return workers.clone();
    }

    /** How many parts of the calling thread's jobs workers have run so far (test hook). */
    static long partsHelpedOnThisThread() {
        return MINE.get().helped.get();
    }

    /** One calling thread's job in flight; reused for each of its jobs. */
    private static final class Task {
        final Thread owner = Thread.currentThread();
        /**
         * (generation << 33) | {@link #PINNED} if pinned | the next part to claim or, pinned, the mask of
         * claimed parts; {@link #IDLE} in the low 32 bits between jobs.
         */
        final AtomicLong next = new AtomicLong(IDLE);
        final AtomicInteger done = new AtomicInteger();
        /** Parts of this thread's jobs run by workers, ever (test hook). */
        final AtomicLong helped = new AtomicLong();
        volatile Job job;
        volatile int parts;
        volatile Throwable failure;
        long generation;
    }

    /** Runs parts 0..count-1 of {@code j} on the calling thread and whichever workers are free. */
    static void run(Job j, int count) {
        run(j, count, false);
    }

    /**
     * Like {@link #run}, but part p runs on participant p: the caller runs part 0, worker i part i; a
     * part not claimed within {@link #GRACE_NANOS} of the caller finishing its own is run by the caller.
     * {@code count} must be at most {@link #MAX_PINNED_PARTS}. Called from a worker (a product inside a
     * pool job's part), it is an ordinary job: that worker is itself one of the participants.
     */
    static void runPinned(Job j, int count) {
        if (count > MAX_PINNED_PARTS) {
            throw new IllegalArgumentException("a pinned job has at most " + MAX_PINNED_PARTS + " parts, got " + count);
        }
        run(j, count, !(Thread.currentThread() instanceof Worker));
    }

    private static void run(Job j, int count, boolean pinned) {
        int t = Math.min(threads, count);
        Task task = MINE.get();
        int slot = t <= 1 || task.job != null ? -1 : claimSlot(task);
        if (slot < 0) { // one thread, a nested call, or the table is full: compute here
            for (int i = 0; i < count; i++) {
                j.run(i);
            }
            return;
        }
        try {
            ensureWorkers(t - 1);
            long gen = ++task.generation;
            task.job = j;
            task.parts = count;
            task.failure = null;
            task.done.set(0);
            task.next.set(gen << 33 | (pinned ? PINNED : 0)); // publishes the job: claims check the generation
            wakeWorkers(t - 1);
            work(task, 0);
            awaitDone(task, count, pinned);
            Throwable f = task.failure;
            task.failure = null;
            if (f != null) {
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            task.next.set((task.generation << 33) | IDLE); // before the job is replaced, nothing is claimable
            task.job = null;
            ACTIVE.set(slot, null);
        }
    }

    private static int claimSlot(Task task) {
        int start = (int) (task.owner.threadId() % SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            int s = (start + i) % SLOTS;
            if (ACTIVE.get(s) == null && ACTIVE.compareAndSet(s, null, task)) {
                return s;
            }
        }
        return -1;
    }

    private static void awaitDone(Task task, int count, boolean pinned) {
        long start = System.nanoTime();
        while (task.done.get() < count) {
            long waited = System.nanoTime() - start;
            if (pinned && waited >= GRACE_NANOS && claimPinned(task, -1)) {
                continue;
            }
            if (waited < WAIT_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(KernelPool.class);
            }
        }
    }

    /**
     * Claims and runs parts of {@code task}'s current job until none is left (of a pinned job, only
     * part {@code self}); returns whether it ran any. The claim is a compare-and-set on (generation,
     * part), so it succeeds only while the job read here is still the task's job.
     */
    private static boolean work(Task task, int self) {
        boolean ran = false;
        while (true) {
            long v = task.next.get();
            Job j = task.job;
            int count = task.parts;
            if ((v & PINNED) != 0) {
                return claimPinned(task, self) || ran;
            }
            if (j == null || (int) v >= count) {
                return ran;
            }
            if (!task.next.compareAndSet(v, v + 1)) {
                continue;
            }
            ran = true;
            runPart(task, j, (int) v, count);
        }
    }

    /**
     * Claims and runs part {@code self} of a pinned job or, with {@code self < 0} (the caller after the
     * grace), every part still unclaimed; returns whether it ran any.
     */
    private static boolean claimPinned(Task task, int self) {
        boolean ran = false;
        while (true) {
            long v = task.next.get();
            Job j = task.job;
            int count = task.parts;
            int free = ~(int) v & (int) ((1L << count) - 1);
            int p = self < 0 ? Integer.numberOfTrailingZeros(free) : self;
            if ((v & PINNED) == 0 || j == null || p >= count || (free & (1 << p)) == 0) {
                return ran;
            }
            if (!task.next.compareAndSet(v, v | (1L << p))) {
                continue;
            }
            ran = true;
            runPart(task, j, p, count);
            if (self >= 0) {
                return true;
            }
        }
    }

    private static void runPart(Task task, Job j, int part, int count) {
        if (Thread.currentThread() != task.owner) {
            task.helped.incrementAndGet();
        }
        try {
            j.run(part);
        } catch (Throwable e) {
            task.failure = e;
        } finally {
            if (task.done.incrementAndGet() == count) {
                LockSupport.unpark(task.owner);
            }
        }
    }

    private static void wakeWorkers(int n) {
        Worker[] w = workers;
        for (int i = 0; i < Math.min(n, w.length); i++) {
            LockSupport.unpark(w[i]);
        }
    }

    private static synchronized void ensureWorkers(int n) {
        if (workers.length >= n) {
            return;
        }
        Worker[] w = java.util.Arrays.copyOf(workers, n);
        for (int i = workers.length; i < n; i++) {
            w[i] = new Worker(i + 1);
            w[i].start();
        }
        workers = w;
    }

    private static final class Worker extends Thread {
        /** This worker's participant number in pinned jobs (the caller is 0). */
        private final int index;
        private int cursor;

        Worker(int index) {
            super("myelin-kernel-" + index);
            setDaemon(true);
            this.index = index;
            cursor = index;
        }

        @Override
        public void run() {
            long idleSince = 0;
            while (true) {
                if (serveOne()) {
                    idleSince = 0;
                    continue;
                }
                long now = System.nanoTime();
                if (idleSince == 0) {
                    idleSince = now;
                }
                if (now - idleSince < WORKER_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(KernelPool.class);
                    idleSince = 0;
                }
            }
        }

        /** Helps the next published job after the one served last; false if there was none. */
        private boolean serveOne() {
            for (int i = 1; i <= SLOTS; i++) {
                int s = (cursor + i) % SLOTS;
                Task task = ACTIVE.get(s);
                if (task != null && work(task, index)) {
                    cursor = s;
                    return true;
                }
            }
            return false;
        }
    }
}
