package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The playground under a classroom's load, on loopback only: {@code load.sessions} (30) browser tabs
 * each create a session with the default network (circle, 2 inputs, hidden 4 and 2 tanh), press
 * play and read the live stream for {@code load.seconds} (5; the script {@code load-long.sh} runs
 * longer). Every session must keep receiving frames (each at least one training epoch and a redrawn
 * picture) while all train at once — nobody starves; the rates are printed, and asserted only when
 * {@code load.minRate} is given (the load script does; a timing bar does not belong in the default
 * tests, whose machine may be busy); the heap the sessions add must stay
 * under {@link #MAX_HEAP_PER_SESSION} each; and once the tabs go, every session is freed by the idle
 * sweep. The loops are bounded in time and count and stop by themselves.
 *
 * <p>It lives in the playground's package (in this module's tests) to start the server with a short
 * idle time and to read its session count.
 */
class PlaygroundLoadTest {
    static final int SESSIONS = Integer.getInteger("load.sessions", 30);
    static final int SECONDS = Integer.getInteger("load.seconds", 5);
    /** Frames and epochs per second each session must reach; 0 (the default) asks only that none starves. */
    static final double MIN_RATE = Double.parseDouble(System.getProperty("load.minRate", "0"));
    static final long MAX_HEAP_PER_SESSION = 8L << 20;
    private static final long IDLE_MILLIS = 3_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlaygroundServer server;
    private HttpClient client;

    @BeforeEach
    void start() {
        server = PlaygroundServer.start("127.0.0.1", 0, IDLE_MILLIS);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.stop();
        client.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + server.port()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isBetween(200, 201);
        return MAPPER.readTree(r.body());
    }

    @Test
    void thirtySessionsTrainAtTenUpdatesPerSecondInBoundedMemoryAndAreReclaimed() throws Exception {
        long heapBefore = usedHeapAfterGc();
        String[] ids = new String[SESSIONS];
        AtomicLongArray frames = new AtomicLongArray(SESSIONS);
        AtomicLongArray epochs = new AtomicLongArray(SESSIONS);
        long warmupMillis = 1_000;
        long[] atWarmup = new long[SESSIONS];
        long[] epochsAtWarmup = new long[SESSIONS];
        CountDownLatch done = new CountDownLatch(SESSIONS);
        List<InputStream> streams = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean(true);
        long hardStop = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 120);
        for (int i = 0; i < SESSIONS; i++) {
            int k = i;
            ids[i] = post("/api/sessions", "{}").get("id").asText();
            post("/api/sessions/" + ids[i] + "/control", "{\"action\": \"play\"}");
            InputStream in = client.send(HttpRequest.newBuilder(uri("/api/sessions/" + ids[i] + "/events")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body();
            streams.add(in);
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; measuring.get() && System.nanoTime() < hardStop && (line = r.readLine()) != null; ) {
                        if (line.startsWith("data: ")) {
                            frames.incrementAndGet(k);
                            JsonNode f = MAPPER.readTree(line.substring(6));
                            if (f.has("epoch")) {
                                epochs.set(k, f.get("epoch").asLong());
                            }
                        }
                    }
                } catch (Exception e) {
                    // the stream was closed at the end of the test
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(warmupMillis);
        for (int i = 0; i < SESSIONS; i++) {
            atWarmup[i] = frames.get(i);
            epochsAtWarmup[i] = epochs.get(i);
        }
        long measuredFrom = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS));
        double seconds = (System.nanoTime() - measuredFrom) / 1e9;
        long[] atEnd = new long[SESSIONS];
        long[] epochsAtEnd = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            atEnd[i] = frames.get(i);
            epochsAtEnd[i] = epochs.get(i);
        }
        measuring.set(false);
        double worst = Double.MAX_VALUE, best = 0, worstEpochs = Double.MAX_VALUE;
        for (int i = 0; i < SESSIONS; i++) {
            double rate = (atEnd[i] - atWarmup[i]) / seconds;
            worst = Math.min(worst, rate);
            best = Math.max(best, rate);
            worstEpochs = Math.min(worstEpochs, (epochsAtEnd[i] - epochsAtWarmup[i]) / seconds);
        }
        long heapLoaded = usedHeapAfterGc();
        for (InputStream in : streams) {
            in.close();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        System.out.printf("load: %d sessions for %.1f s: frames/s per session worst %.1f, best %.1f; epochs/s worst %.1f;"
                + " heap %+.1f MB (%.2f MB per session)%n", SESSIONS, seconds, worst, best, worstEpochs,
                (heapLoaded - heapBefore) / 1e6, (heapLoaded - heapBefore) / 1e6 / SESSIONS);

        assertThat(worst).as("the slowest session's frames per second").isPositive().isGreaterThanOrEqualTo(MIN_RATE);
        assertThat(worstEpochs).as("the slowest session's epochs per second").isPositive().isGreaterThanOrEqualTo(MIN_RATE);
        assertThat(heapLoaded - heapBefore).as("heap added by %d sessions", SESSIONS).isLessThan(MAX_HEAP_PER_SESSION * SESSIONS);

        long deadline = System.currentTimeMillis() + 20 * IDLE_MILLIS;
        while (server.sessions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.sessions()).as("sessions left after the tabs closed").isZero();
        HttpResponse<String> gone = client.send(HttpRequest.newBuilder(uri("/api/sessions/" + ids[0] + "/frame")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("no playground session");
    }

    /** A tab that creates a session and never opens its stream is freed too. */
    @Test
    void sessionsWithoutAStreamAreFreed() throws Exception {
        for (int i = 0; i < 10; i++) {
            post("/api/sessions", "{}");
        }
        assertThat(server.sessions()).isPositive();
        long deadline = System.currentTimeMillis() + 20 * IDLE_MILLIS;
        while (server.sessions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.sessions()).isZero();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
