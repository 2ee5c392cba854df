package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closed to other websites: a foreign {@code Host} (DNS rebinding) is refused on every path, and a
 * state-changing request needs a same-origin {@code Origin} and {@code Content-Type: application/json}
 * (what a page on another origin sends — {@code text/plain} POSTs, forms — creates nothing).
 * Requests are written byte for byte so that every header is exactly as a browser would send it.
 */
class PlaygroundSecurityTest {
    static PlaygroundServer server;
    static String own;

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start("127.0.0.1", 0);
        own = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    record Answer(int status, String body) {}

    static Answer send(String method, String path, String host, String origin, String type, String body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) {
                head.append("Host: ").append(host).append("\r\n");
            }
            if (origin != null) {
                head.append("Origin: ").append(origin).append("\r\n");
            }
            if (type != null) {
                head.append("Content-Type: ").append(type).append("\r\n");
            }
            head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(text.split(" ")[1]), split < 0 ? "" : text.substring(split + 4));
        }
    }

    @Test
    void theOwnPageCreatesASession() throws IOException {
        Answer a = send("POST", "/api/sessions", own, "http://" + own, "application/json", "{}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        Answer local = send("POST", "/api/sessions", "localhost:" + server.port(), "http://localhost:" + server.port(),
                "application/json; charset=utf-8", "{}");
        assertThat(local.status()).as(local.body()).isEqualTo(201);
        assertThat(send("GET", "/", "[::1]:" + server.port(), null, null, null).status()).isEqualTo(200);
    }

    @Test
    void aForeignHostIsRefusedEverywhere() throws IOException {
        int before = server.sessions();
        for (String path : new String[] {"/", "/static/js/main.js", "/api/limits", "/api/thumbnails"}) {
            Answer a = send("GET", path, "attacker.example:" + server.port(), null, null, null);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.body()).contains("the Host header \\\"attacker.example:" + server.port() + "\\\" is not this server");
        }
        assertThat(send("POST", "/api/sessions", "attacker.example:" + server.port(), "http://attacker.example:"
                + server.port(), "application/json", "{}").status()).isEqualTo(403);
        assertThat(send("GET", "/", "127.0.0.1:1", null, null, null).status()).as("another port").isEqualTo(403);
        assertThat(send("GET", "/", "127.0.0.1", null, null, null).status()).as("no port").isEqualTo(403);
        assertThat(send("GET", "/", null, null, null, null).status()).as("no Host").isIn(400, 403);
        assertThat(server.sessions()).isEqualTo(before);
    }

    @Test
    void anotherOriginCannotCreateOrDriveSessions() throws IOException {
        Answer mine = send("POST", "/api/sessions", own, "http://" + own, "application/json", "{}");
        String id = PlaygroundApiTest.JSON.readTree(mine.body()).get("id").asText();
        int before = server.sessions();
        // the attack of the issue: a text/plain POST from a foreign page
        Answer simple = send("POST", "/api/sessions", own, "http://attacker.example", "text/plain", "{}");
        assertThat(simple.status()).isEqualTo(403);
        assertThat(simple.body()).contains("must come from the playground's own page");
        assertThat(send("POST", "/api/sessions", own, "null", "application/json", "{}").status()).isEqualTo(403);
        assertThat(send("POST", "/api/sessions", own, null, "application/json", "{}").status()).as("no Origin").isEqualTo(403);
        assertThat(send("POST", "/api/sessions", own, "http://localhost:" + server.port(), "application/json", "{}")
                .status()).as("a different origin of the same machine").isEqualTo(403);
        for (String route : new String[] {"control", "config", "weight", "csv", "explain", "close"}) {
            assertThat(send("POST", "/api/sessions/" + id + "/" + route, own, "https://attacker.example",
                    "application/json", "{\"action\":\"play\"}").status()).as(route).isEqualTo(403);
        }
        assertThat(server.sessions()).isEqualTo(before);
    }

    @Test
    void aSameOriginRequestMustBeJson() throws IOException {
        int before = server.sessions();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "text/csv"}) {
            Answer a = send("POST", "/api/sessions", own, "http://" + own, type, "{}");
            assertThat(a.status()).as(type).isEqualTo(415);
            assertThat(a.body()).contains("must send Content-Type application/json");
        }
        assertThat(send("POST", "/api/sessions", own, "http://" + own, null, "{}").status()).isEqualTo(415);
        assertThat(server.sessions()).isEqualTo(before);
    }

    @Test
    void theGuardAcceptsTheHostGivenAndTheLoopbackNames() {
        RequestGuard g = new RequestGuard("192.168.1.20", 8080);
        assertThat(g.allowedHost("192.168.1.20:8080")).isTrue();
        assertThat(g.allowedHost("LOCALHOST:8080")).isTrue();
        assertThat(g.allowedHost("[::1]:8080")).isTrue();
        assertThat(g.allowedHost("192.168.1.20:8081")).isFalse();
        assertThat(g.allowedHost("evil.example:8080")).isFalse();
        assertThat(g.allowedHost("localhost.evil.example:8080")).isFalse();
        assertThat(new RequestGuard("127.0.0.1", 80).allowedHost("localhost")).isTrue();
    }
}
