package dev.myelin.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A session's live stream (server-sent events): every {@link #FRAME_MILLIS} ms, if the session is
 * playing, the {@link TrainingPool} trains up to {@code speed} epochs within {@link #TRAIN_BUDGET_MILLIS}
 * ms (checked after every batch) and builds the frame; this thread only writes it. A paused session
 * computes nothing; the loop only checks for changes and sends a comment line every 15 s, which also
 * finds out when the tab has gone.
 *
 * <p><b>Backpressure</b> ({@code events?ack=1}, what the page asks for): each frame carries a
 * sequence number {@code seq}, and the next frame is built only once the page has taken the previous
 * one to draw ({@code POST …/ack {"seq": n}}), or after {@link #ACK_WAIT_MILLIS} ms without an answer.
 * Training goes on meanwhile; a page that draws 8 frames a second thus gets 8 of the newest, and the
 * server builds no frame that nobody would see. Such a stream also sends the weights as binary
 * ({@code weights32}, see {@link FrameBuilder#float32}). Without {@code ack=1} (scripts, load tests)
 * every tick's frame is sent, with the weights as JSON numbers.
 */
final class EventStream {
    static final long FRAME_MILLIS = 40;
    static final long TRAIN_BUDGET_MILLIS = 25;
    private static final long PING_MILLIS = 15_000;
    static final long ACK_WAIT_MILLIS = 2_000;

    private EventStream() {}

    static void run(HttpExchange ex, Session s, SessionRegistry registry, ObjectMapper mapper, TrainingPool pool,
            BooleanSupplier running, boolean acks) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        int generation = s.tab().openStream();
        FrameBuilder frames = new FrameBuilder(acks);
        int[] sent = {-1, -1};
        Costs costs = new Costs();
        long lastWrite = System.currentTimeMillis();
        long[] seq = {0};
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": myelin playground stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (running.getAsBoolean() && s.tab().isCurrentStream(generation) && registry.contains(s)) {
                long start = System.currentTimeMillis();
                long written = lastWrite;
                // with acks, a frame waits until the page has taken the previous one (or has not answered for
                // long); asked after the training slice, so that an ack arriving during it is not a tick late
                BooleanSupplier wanted = () -> !acks || s.tab().hasTaken(seq[0])
                        || System.currentTimeMillis() - written > ACK_WAIT_MILLIS;
                String json;
                if (s.playing()) {
                    json = pool.run(() -> {
                        long t0 = System.nanoTime();
                        s.train(s.config().speed(), t0 + TRAIN_BUDGET_MILLIS * 1_000_000);
                        costs.trainNanos += System.nanoTime() - t0;
                        return wanted.getAsBoolean() ? frame(s, frames, mapper, sent, costs, seq) : null;
                    });
                } else {
                    json = wanted.getAsBoolean() && s.version() != sent[0]
                            ? pool.run(() -> frame(s, frames, mapper, sent, costs, seq)) : null;
                }
                s.tab().touch();
                long now = System.currentTimeMillis();
                if (json != null) {
                    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                } else if (now - lastWrite > PING_MILLIS) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                }
                long sleep = FRAME_MILLIS - (System.currentTimeMillis() - start);
                Thread.sleep(Math.max(5, sleep));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the tab went away: nothing to report
        } finally {
            s.tab().closeStream();
            ex.close();
        }
    }

    /** What the stream's previous turn cost on the server; each frame carries it as {@code "server"}. */
    private static final class Costs {
        long trainNanos;
        long buildNanos;
        long bytes;
    }

    /**
     * The frame's JSON if the session changed since the last one sent ({@code sent} = version, data
     * version), with its sequence number {@code seq} and {@code "server": {trainMs, frameMs, heatmapMs,
     * bytes}}: the training since the previous frame, the previous frame's building and serializing, the
     * last heatmaps' share of a build, and the previous frame's size in characters.
     */
    private static String frame(Session s, FrameBuilder frames, ObjectMapper mapper, int[] sent, Costs costs, long[] seq)
            throws IOException {
        synchronized (s) {
            int version = s.version();
            if (version == sent[0]) {
                return null;
            }
            // the version is read before the frame is built: a pause meanwhile makes the next frame differ
            boolean points = s.dataVersion() != sent[1];
            long t0 = System.nanoTime();
            com.fasterxml.jackson.databind.node.ObjectNode f = frames.frame(s, points);
            seq[0] = s.tab().nextFrame();
            f.put("seq", seq[0]);
            f.putObject("server").put("trainMs", costs.trainNanos / 1e6).put("frameMs", costs.buildNanos / 1e6)
                    .put("heatmapMs", frames.heatmapMillis()).put("bytes", costs.bytes);
            String json = mapper.writeValueAsString(f);
            costs.buildNanos = System.nanoTime() - t0;
            costs.bytes = json.length();
            costs.trainNanos = 0;
            sent[0] = version;
            sent[1] = s.dataVersion();
            return json;
        }
    }
}
