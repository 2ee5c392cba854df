package dev.myelin.playground;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps the playground closed to other websites. The playground has no login, so two browser
 * tricks would otherwise let any page the user visits drive it:
 *
 * <ul>
 *   <li><b>DNS rebinding</b>: a foreign name that resolves to 127.0.0.1 makes the browser send
 *       {@code Host: evil.example:8080}. Every request must name one of the server's own hosts — the
 *       loopback names {@code localhost}, {@code 127.0.0.1}, {@code [::1]} (or the {@code --host}
 *       given, and for a wildcard address the machine's own addresses) — with the server's port.
 *   <li><b>Cross-site requests</b>: a page on another origin can POST a "simple" request
 *       ({@code text/plain}, forms) without asking. Every state-changing request (anything but GET
 *       and HEAD) must carry {@code Origin: http://<its Host>} and {@code Content-Type: application/json};
 *       the latter also makes the browser ask first (a CORS preflight), which this server never grants.
 * </ul>
 *
 * Refusals are 403 (wrong host or origin) and 415 (wrong content type), each with one sentence.
 */
final class RequestGuard {
    private final Set<String> hosts;
    private final int port;

    /** A guard for a server listening on {@code bindHost}:{@code port}. */
    RequestGuard(String bindHost, int port) {
        this.port = port;
        Set<String> h = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String bind = bindHost.toLowerCase(Locale.ROOT);
        h.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        try {
            InetAddress a = InetAddress.getByName(bindHost);
            if (a.isAnyLocalAddress()) {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress ia : Collections.list(ni.getInetAddresses())) {
                        String s = ia.getHostAddress().toLowerCase(Locale.ROOT);
                        int zone = s.indexOf('%');
                        s = zone >= 0 ? s.substring(0, zone) : s;
                        h.add(s.contains(":") ? "[" + s + "]" : s);
                    }
                }
                h.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            }
        } catch (java.io.IOException e) {
            // keep the loopback names and the host as given
        }
        this.hosts = Set.copyOf(h);
    }

    /** Throws an {@link HttpError} unless the request may be served. */
    void check(String method, Headers headers) {
        String host = headers.getFirst("Host");
        if (host == null || !allowedHost(host.trim())) {
            throw new HttpError(403, "the Host header " + (host == null ? "is missing" : "\"" + host + "\" is not this server")
                    + "; open the playground at http://127.0.0.1:" + port + "/");
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String origin = headers.getFirst("Origin");
        String expected = "http://" + host.trim().toLowerCase(Locale.ROOT);
        if (origin == null || !origin.trim().toLowerCase(Locale.ROOT).equals(expected)) {
            throw new HttpError(403, "a " + method + " request must come from the playground's own page (Origin "
                    + expected + "), not from " + (origin == null ? "a request without an Origin header" : origin));
        }
        String type = headers.getFirst("Content-Type");
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new HttpError(415, "a " + method + " request must send Content-Type application/json, not "
                    + (type == null ? "none" : type));
        }
    }

    /** {@code name:port} with one of the server's names and its port (no port only when the port is 80). */
    boolean allowedHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        String name = h;
        String p = null;
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            p = h.substring(colon + 1);
        }
        if (p == null ? port != 80 : !p.equals(Integer.toString(port))) {
            return false;
        }
        return hosts.contains(name);
    }
}
