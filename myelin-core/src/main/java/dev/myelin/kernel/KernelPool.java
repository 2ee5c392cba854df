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

    private static final int SLOTS = 16;
    /** The part counter's low half between jobs: no part can be claimed. */
    private static final long IDLE = Integer.MAX_VALUE;

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
        /** (generation << 32) | next part to claim; {@link #IDLE} in the low half between jobs. */
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
            task.next.set(gen << 32); // publishes the job: claims check the generation
            wakeWorkers(t - 1);
            work(task);
            awaitDone(task, count);
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
            task.next.set((task.generation << 32) | IDLE); // before the job is replaced, nothing is claimable
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

    private static void awaitDone(Task task, int count) {
        long start = System.nanoTime();
        while (task.done.get() < count) {
            if (System.nanoTime() - start < WAIT_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(KernelPool.class);
            }
        }
    }

    /**
     * Claims and runs parts of {@code task}'s current job until none is left; returns whether it ran
     * any. The claim is a compare-and-set on (generation, part), so it succeeds only while the job
     * read here is still the task's job.
     */
    private static boolean work(Task task) {
        boolean ran = false;
        while (true) {
            long v = task.next.get();
            Job j = task.job;
            int count = task.parts;
            if (j == null || (int) v >= count) {
                return ran;
            }
            if (!task.next.compareAndSet(v, v + 1)) {
                continue;
            }
            ran = true;
            if (Thread.currentThread() != task.owner) {
                task.helped.incrementAndGet();
            }
            try {
                j.run((int) v);
            } catch (Throwable e) {
                task.failure = e;
            } finally {
                if (task.done.incrementAndGet() == count) {
                    LockSupport.unpark(task.owner);
                }
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
        private int cursor;

        Worker(int index) {
            super("myelin-kernel-" + index);
            setDaemon(true);
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
                if (task != null && work(task)) {
                    cursor = s;
                    return true;
                }
            }
            return false;
        }
    }
}
