package dev.myelin.playground;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where every session trains and its frames are built: a small fixed pool of platform threads (half
 * the processors, at least one), so that training never occupies the carrier threads the requests' virtual threads
 * run on (a virtual thread is never preempted: an epoch on a carrier blocked every request behind
 * it). The other processors stay free for requests (Pause, /api/limits, a weight edit; measured:
 * one thread per two processors serves 30 default sessions at 10 frames/s each, two threads only 2–3
 * under the same load), and since a session holds its
 * lock for one batch at a time (see {@link Session#train}), a Pause waits at most one batch.
 * Sessions queue for the pool in turn, each for at most its time budget per turn.
 */
final class TrainingPool implements AutoCloseable {
    private final ExecutorService pool;

    TrainingPool() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    TrainingPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "myelin-playground-train-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** Runs {@code job} on the pool and waits for it (the caller is a request's virtual thread). */
    <T> T run(java.util.concurrent.Callable<T> job) throws InterruptedException {
        Future<T> f = pool.submit(job);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
