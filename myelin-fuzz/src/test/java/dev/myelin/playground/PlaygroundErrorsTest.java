package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the playground's error catalogue ({@code errors/playground-errors.tsv}, the table
 * of docs/ERRORS.md) against a server on 127.0.0.1: the exact status and the exact {@code error}
 * sentence of the JSON answer. Path traversal never returns a file. Plus the cap on live sessions
 * (503) and the address it listens on.
 */
class PlaygroundErrorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static PlaygroundServer server;
    static String session;

    @BeforeAll
    static void start() throws IOException {
        server = PlaygroundServer.start("127.0.0.1", 0);
        RawHttp r = RawHttp.send(server.port(), "POST", "/api/sessions", "{}".getBytes(StandardCharsets.UTF_8), null);
        session = MAPPER.readTree(r.body()).get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    record Row(String area, String what, String method, String path, String body, String status, String message) {}

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = PlaygroundErrorsTest.class.getResourceAsStream("/errors/playground-errors.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                rows.add(new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
            }
        }
        return rows;
    }

    static Stream<Arguments> playgroundRows() throws IOException {
        return rows().stream().map(r -> Arguments.of(r.what(), r));
    }

    static byte[] body(String spec) {
        String text = switch (spec) {
            case "(none)" -> null;
            case "{big-json}" -> "{\"noise\": 1" + " ".repeat(100_000) + "}";
            case "{big-csv}" -> csv("x1,x2,label\n" + "1,2,a\n".repeat((2 << 20) / 6));
            case "{rows-5}" -> csv("x1,x2,label\n" + "1,2,a\n".repeat(5));
            case "{bad-cell}" -> csv("x1,x2,label\n" + "1,2,a\n".repeat(10) + "1,abc,b\n");
            default -> spec;
        };
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV upload's JSON body, as the page sends it. */
    static String csv(String text) {
        try {
            return MAPPER.writeValueAsString(java.util.Map.of("name", "upload.csv", "text", text));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("playgroundRows")
    void eachErrorHasItsStatusAndSentence(String what, Row row) throws IOException {
        String path = row.path().replace("{session}", session);
        String length = row.what().equals("a Content-Length that is not a number") ? "twelve" : null;
        RawHttp r = RawHttp.send(server.port(), row.method(), path, body(row.body()), length);
        String error = errorOf(r.body());
        System.out.println("ROW\t" + row.area() + "\t" + row.what() + "\t" + r.status() + "\t" + error.replace(session, "{session}"));
        assertThat(r.body()).as("never a file from outside the page").doesNotContain("root:").doesNotContain("\u00ca\u00fe\u00ba\u00be");
        assertThat(Integer.toString(r.status())).as("status").isEqualTo(row.status());
        assertThat(error.replace(session, "{session}")).isEqualTo(row.message());
    }

    private static String errorOf(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.has("error") ? n.get("error").asText() : "(no error field) " + body;
        } catch (IOException e) {
            return "(not JSON) " + body.substring(0, Math.min(200, body.length()));
        }
    }

    /** Beyond {@link Limits#MAX_SESSIONS} live sessions, a new one is refused with 503 and a sentence. */
    @Test
    void tooManySessionsIsServiceUnavailable() throws IOException {
        PlaygroundServer s = PlaygroundServer.start("127.0.0.1", 0);
        try {
            for (int i = 0; i < Limits.MAX_SESSIONS; i++) {
                assertThat(RawHttp.send(s.port(), "POST", "/api/sessions", "{}".getBytes(StandardCharsets.UTF_8), null).status())
                        .isEqualTo(201);
            }
            RawHttp r = RawHttp.send(s.port(), "POST", "/api/sessions", "{}".getBytes(StandardCharsets.UTF_8), null);
            assertThat(r.status()).isEqualTo(503);
            assertThat(errorOf(r.body())).isEqualTo("the server already runs " + Limits.MAX_SESSIONS
                    + " playground sessions; close a tab or try again in a few minutes");
        } finally {
            s.stop();
        }
    }

    /** By default it listens on 127.0.0.1 only, and says so loudly when told to listen elsewhere. */
    @Test
    void listensOnLoopbackByDefaultAndWarnsOtherwise() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = PlaygroundMain.run(new String[] {"--port", "0"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true), false);
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Myelin playground: open http://127.0.0.1:").doesNotContain("WARNING");
        out.reset();
        code = PlaygroundMain.run(new String[] {"--port", "0", "--host", "0.0.0.0"}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), false);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("WARNING: listening on 0.0.0.0, not only on this machine");
    }
}
