package dev.myelin.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of daemon worker threads for the kernels. {@link #run} hands out the parts
 * {@code 0..parts-1} of one job to the calling thread and up to {@code threads() - 1} workers, and
 * returns when all are done. Which thread runs which part does not matter: a job's parts write
 * disjoint outputs, each computed the same way by whichever thread takes it.
 *
 * <p>Workers spin briefly after a job (so that back-to-back products of a training step do not pay
 * a wake-up each), then park. One job runs at a time; a caller that finds the pool busy (another
 * thread computing) runs its parts itself, which gives the same result. Nothing is allocated per
 * job: parts are claimed from a counter that carries the job's generation, so a late worker can
 * never run a part of a newer job with an older job's description.
 */
final class KernelPool {
    /** A job split into parts; {@link #run(int)} computes one part. */
    interface Job {
        void run(int part);
    }

    private static final long SPIN_NANOS = 200_000;
    private static volatile int threads = Math.max(1, Integer.getInteger("myelin.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Products of fewer floating-point operations than this run on the calling thread. */
    private static volatile long parallelFlops = Long.getLong("myelin.parallelFlops", 1L << 22);

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** (generation << 32) | next part to claim. */
    private static final AtomicLong NEXT = new AtomicLong();
    private static final AtomicInteger DONE = new AtomicInteger();
    private static volatile Job job;
    private static volatile int parts;
    private static volatile long generation;
    private static volatile Throwable failure;
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

    /** Runs parts 0..parts-1 of {@code j} on the calling thread and the workers. */
    static void run(Job j, int count) {
        int t = Math.min(threads, count);
        if (t <= 1 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                j.run(i);
            }
            return;
        }
        try {
            ensureWorkers(t - 1);
            long gen = generation + 1;
            job = j;
            parts = count;
            failure = null;
            DONE.set(0);
            NEXT.set(gen << 32);
            generation = gen;
            for (int w = 0; w < t - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            work(j, gen, count);
            int spins = 0;
            while (DONE.get() < count) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            job = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            BUSY.set(false);
        }
    }

    /** Claims and runs parts of generation {@code gen} until none is left. */
    private static void work(Job j, long gen, int count) {
        while (true) {
            long v = NEXT.get();
            if ((v >>> 32) != gen || (int) v >= count) {
                return;
            }
            if (!NEXT.compareAndSet(v, v + 1)) {
                continue;
            }
            try {
                j.run((int) v);
            } catch (Throwable e) {
                failure = e;
            } finally {
                DONE.incrementAndGet();
            }
        }
    }

    private static void ensureWorkers(int n) {
        if (workers.length >= n) {
            return;
        }
        Worker[] w = java.util.Arrays.copyOf(workers, n);
        for (int i = workers.length; i < n; i++) {
            w[i] = new Worker(i + 1, generation);
            w[i].start();
        }
        workers = w;
    }

    private static final class Worker extends Thread {
        private long seen;

        Worker(int index, long gen) {
            super("myelin-kernel-" + index);
            setDaemon(true);
            seen = gen;
        }

        @Override
        public void run() {
            while (true) {
                long start = System.nanoTime();
                long gen;
                while ((gen = generation) == seen) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = gen;
                Job j = job;
                int count = parts;
                if (j != null) {
                    work(j, gen, count);
                }
            }
        }
    }
}
