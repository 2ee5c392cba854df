package dev.myelin.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small helpers for the JDK server: bounded body reading and JSON or byte responses. */
final class Http {
    private Http() {}

    /** The request body, refused with 413 beyond {@code limit} bytes (by Content-Length or as read). */
    static byte[] readBody(HttpExchange ex, int limit, String what) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared > limit) {
                    if (declared <= 16L * limit) {
                        // read what the client sends so that it sees the 413 instead of a reset connection
                        try (InputStream in = ex.getRequestBody()) {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    throw HttpError.tooLarge("the " + what + " is " + length.trim() + " bytes, above the limit of " + limit
                            + " bytes");
                }
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("the Content-Length header \"" + length + "\" is not a number");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw HttpError.tooLarge("the " + what + " is larger than the limit of " + limit + " bytes");
                }
            }
        }
        return out.toByteArray();
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        bytes(ex, status, ApiHandler.MAPPER.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, ApiHandler.MAPPER.createObjectNode().put("error", message));
    }

    static void bytes(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
