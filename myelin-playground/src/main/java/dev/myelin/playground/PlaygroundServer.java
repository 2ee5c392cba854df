package dev.myelin.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The playground's embedded web server (the JDK's {@code com.sun.net.httpserver}, one virtual thread
 * per request): the page's files at {@code /} and {@code /static/}, the JSON API and the live
 * server-sent event streams at {@code /api/} (see {@link ApiHandler}). Training runs here, one
 * session per browser tab.
 */
public final class PlaygroundServer {
    private final HttpServer server;
    private final ExecutorService executor;
    private final SessionRegistry registry;
    private final TrainingPool pool;
    private volatile boolean running = true;

    private PlaygroundServer(HttpServer server, ExecutorService executor, SessionRegistry registry, TrainingPool pool) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.pool = pool;
    }

    /** Starts a server on {@code host}:{@code port} (port 0 picks a free port). */
    public static PlaygroundServer start(String host, int port) {
        return start(host, port, Limits.IDLE_MILLIS);
    }

    /** As {@link #start(String, int)}, freeing sessions after {@code idleMillis} without a client. */
    static PlaygroundServer start(String host, int port, long idleMillis) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        SessionRegistry registry = new SessionRegistry(idleMillis);
        TrainingPool pool = new TrainingPool();
        PlaygroundServer ps = new PlaygroundServer(http, executor, registry, pool);
        ApiHandler api = new ApiHandler(registry, pool, () -> ps.running);
        RequestGuard guard = new RequestGuard(host, http.getAddress().getPort());
        http.createContext("/api/", ex -> handle(ex, guard, () -> api.handle(ex)));
        http.createContext("/", ex -> handle(ex, guard, () -> StaticFiles.serve(ex)));
        http.setExecutor(executor);
        http.start();
        return ps;
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void handle(HttpExchange ex, RequestGuard guard, Action action) {
        try {
            try {
                guard.check(ex.getRequestMethod(), ex.getRequestHeaders());
                action.run();
            } catch (HttpError e) {
                Http.error(ex, e.status(), e.getMessage());
            } catch (IllegalArgumentException e) {
                Http.error(ex, 400, e.getMessage());
            } catch (RuntimeException e) {
                Http.error(ex, 500, "internal error: " + e);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away while we answered
        } finally {
            ex.close();
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The host the server listens on. */
    public String host() {
        return server.getAddress().getHostString();
    }

    /** Live sessions (for tests and the status line). */
    int sessions() {
        return registry.size();
    }

    SessionRegistry registry() {
        return registry;
    }

    /** Stops streams, frees every session and closes the port. */
    public void stop() {
        running = false;
        server.stop(0);
        registry.close();
        pool.close();
        executor.shutdownNow();
    }

    public static void main(String[] args) {
        System.exit(PlaygroundMain.run(args, System.out, System.err, true));
    }
}
