package dev.myelin.playground;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live sessions, one per browser tab, by unguessable id. A session without an event stream for
 * {@code idleMillis} is freed by a sweep every few seconds; at most {@link Limits#MAX_SESSIONS} live at once.
 */
final class SessionRegistry implements AutoCloseable {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long idleMillis;
    private final ScheduledExecutorService sweeper;

    SessionRegistry(long idleMillis) {
        this.idleMillis = idleMillis;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "myelin-playground-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(5_000, idleMillis / 4));
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    Session create(PlaygroundConfig config) {
        if (sessions.size() >= Limits.MAX_SESSIONS) {
            sweep();
            if (sessions.size() >= Limits.MAX_SESSIONS) {
                throw new HttpError(503, "the server already runs " + Limits.MAX_SESSIONS
                        + " playground sessions; close a tab or try again in a few minutes");
            }
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Session s = new Session(HexFormat.of().formatHex(bytes), config);
        sessions.put(s.id, s);
        return s;
    }

    Session get(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw HttpError.notFound("no playground session " + id + " (it may have been freed after "
                    + idleMillis / 1000 + " s without a client); reload the page");
        }
        s.tab().touch();
        return s;
    }

    boolean contains(Session s) {
        return sessions.get(s.id) == s;
    }

    void remove(String id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    /** Frees every session that has no stream and was not seen for {@code idleMillis}. */
    void sweep() {
        long now = System.currentTimeMillis();
        sessions.values().removeIf(s -> !s.tab().hasStream() && now - s.tab().lastSeen() > idleMillis);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        sessions.clear();
    }
}
