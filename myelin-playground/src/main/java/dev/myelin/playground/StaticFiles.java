package dev.myelin.playground;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the page's own files from the class path ({@code dev/myelin/playground/static/}); nothing
 * else. A path with "..", a backslash, an encoded dot or slash, or a character outside
 * [A-Za-z0-9._/-] is refused with 400 before any lookup; an unknown file is 404.
 */
final class StaticFiles {
    private static final String ROOT = "/dev/myelin/playground/static/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "csv", "text/csv; charset=utf-8");
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private StaticFiles() {}

    static void serve(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            throw new HttpError(405, "only GET is allowed for the page's files");
        }
        String raw = ex.getRequestURI().getRawPath();
        String path = raw.equals("/") || raw.equals("/index.html") ? "index.html" : raw.startsWith("/static/")
                ? raw.substring("/static/".length()) : null;
        if (path == null) {
            if (raw.contains("..") || raw.contains("%")) {
                throw HttpError.badRequest("the path " + raw + " is not allowed");
            }
            throw HttpError.notFound("no such page: " + raw + " (the playground is at /)");
        }
        if (path.isEmpty() || !SAFE.matcher(path).matches() || path.contains("..") || path.startsWith("/")
                || path.contains("//")) {
            throw HttpError.badRequest("the path " + raw + " is not allowed (no \"..\", no encoded characters)");
        }
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + path)) {
            if (in == null || type == null) {
                throw HttpError.notFound("no such file: " + raw);
            }
            byte[] body = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
