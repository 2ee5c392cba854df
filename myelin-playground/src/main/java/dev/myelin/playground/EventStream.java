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
 */
final class EventStream {
    static final long FRAME_MILLIS = 40;
    static final long TRAIN_BUDGET_MILLIS = 25;
    private static final long PING_MILLIS = 15_000;

    private EventStream() {}

    static void run(HttpExchange ex, Session s, SessionRegistry registry, ObjectMapper mapper, TrainingPool pool,
            BooleanSupplier running) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        int generation = s.tab().openStream();
        FrameBuilder frames = new FrameBuilder();
        int[] sent = {-1, -1};
        long lastWrite = System.currentTimeMillis();
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": myelin playground stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (running.getAsBoolean() && s.tab().isCurrentStream(generation) && registry.contains(s)) {
                long start = System.currentTimeMillis();
                String json;
                if (s.playing()) {
                    json = pool.run(() -> {
                        s.train(s.config().speed(), System.nanoTime() + TRAIN_BUDGET_MILLIS * 1_000_000);
                        return frame(s, frames, mapper, sent);
                    });
                } else {
                    json = s.version() != sent[0] ? pool.run(() -> frame(s, frames, mapper, sent)) : null;
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

    /** The frame's JSON if the session changed since the last one sent ({@code sent} = version, data version). */
    private static String frame(Session s, FrameBuilder frames, ObjectMapper mapper, int[] sent) throws IOException {
        synchronized (s) {
            int version = s.version();
            if (version == sent[0]) {
                return null;
            }
            // the version is read before the frame is built: a pause meanwhile makes the next frame differ
            boolean points = s.dataVersion() != sent[1];
            String json = mapper.writeValueAsString(frames.frame(s, points));
            sent[0] = version;
            sent[1] = s.dataVersion();
            return json;
        }
    }
}
