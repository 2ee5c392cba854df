package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StarAllReduceTest {

    /** Three tasks on loopback; each round every task must end with v₀ + v₁ + v₂ added in rank order. */
    @Test
    void everyTaskGetsTheRankOrderedSum() throws Exception {
        int tasks = 3;
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            List<Future<double[][]>> results = new ArrayList<>();
            for (int r = 0; r < tasks; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (StarAllReduce c = rank == 0 ? StarAllReduce.accept(server, tasks, () -> false, 10_000)
                            : StarAllReduce.connect(hub, rank, tasks, () -> false, 10_000)) {
                        double[][] rounds = new double[2][];
                        for (int round = 0; round < 2; round++) {
                            double[] v = {0.1 * (rank + 1), 1e16 * (rank == 1 ? -1 : 1), rank + round, 1e-3};
                            c.sum(v);
                            rounds[round] = v;
                        }
                        return rounds;
                    }
                }));
            }
            double[][] first = results.get(0).get();
            // rank order: ((0.1 + 0.2) + 0.3), (1e16 − 1e16) + 1e16, ...
            assertThat(first[0]).containsExactly(((0.1 + 0.2) + 0.30000000000000004), 1e16, 3, 3e-3);
            assertThat(first[1]).containsExactly(((0.1 + 0.2) + 0.30000000000000004), 1e16, 6, 3e-3);
            for (Future<double[][]> f : results) {
                double[][] got = f.get();
                assertThat(got[0]).containsExactly(first[0]);
                assertThat(got[1]).containsExactly(first[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPeerThatDiesEndsTheWaitWithAnError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            Future<?> worker = pool.submit(() -> {
                StarAllReduce c = StarAllReduce.connect(hub, 1, 2, () -> false, 10_000);
                c.close(); // dies before its first message
                return null;
            });
            try (StarAllReduce c = StarAllReduce.accept(server, 2, () -> false, 10_000)) {
                worker.get();
                assertThatThrownBy(() -> c.sum(new double[] {1, 2}))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("task 1 closed its connection");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCancelledTaskStopsWaiting() throws Exception {
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> StarAllReduce.accept(server, 2, () -> System.nanoTime() - t0 > 1_500_000_000L, 60_000))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled while waiting for 1 tasks to connect");
        }
    }
}
