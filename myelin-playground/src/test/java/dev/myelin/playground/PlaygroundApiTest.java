package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API without a browser: sessions, controls, limits, refusals, export, the stream's frame rate. */
class PlaygroundApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static PlaygroundServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Origin", "http://127.0.0.1:" + server.port()).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a CSV upload: {"name": …, "text": …}. */
    static String csvBody(String name, String text) throws Exception {
        return JSON.writeValueAsString(java.util.Map.of("name", name, "text", text));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String session(String config) throws Exception {
        HttpResponse<String> r = post("/api/sessions", config);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    static JsonNode frame(String id) throws Exception {
        HttpResponse<String> r = get("/api/sessions/" + id + "/frame");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theDefaultSessionIsTheTensorFlowPlaygroundStart() throws Exception {
        String id = session("{}");
        JsonNode f = frame(id);
        assertThat(f.get("epoch").asInt()).isZero();
        assertThat(f.get("network").get("inputs")).hasSize(2);
        assertThat(f.get("network").get("layers")).hasSize(3);
        assertThat(f.get("network").get("layers").get(0).get("w")).hasSize(2);
        assertThat(f.get("network").get("layers").get(0).get("w").get(0)).hasSize(4);
        assertThat(f.get("output").get("kind").asText()).isEqualTo("binary");
        // 100×100 output cells (as fine as the TF Playground's) and 2 inputs + 6 hidden neurons of 20×20 cells
        assertThat(java.util.Base64.getDecoder().decode(f.get("output").get("values").asText())).hasSize(10_000);
        assertThat(f.get("neurons")).hasSize(8);
        assertThat(java.util.Base64.getDecoder().decode(f.get("neurons").get(5).asText())).hasSize(400);
        assertThat(f.get("data").get("train")).hasSize(250);
        assertThat(f.get("data").get("test")).hasSize(250);
    }

    @Test
    void stepsTrainOneEpochAndTheLossFalls() throws Exception {
        String id = session("{\"dataset\":\"gauss\",\"learningRate\":0.1}");
        double before = frame(id).get("testLoss").asDouble();
        for (int i = 0; i < 30; i++) {
            assertThat(post("/api/sessions/" + id + "/control", "{\"action\":\"step\"}").statusCode()).isEqualTo(200);
        }
        JsonNode f = frame(id);
        assertThat(f.get("epoch").asInt()).isEqualTo(30);
        assertThat(f.get("testLoss").asDouble()).isLessThan(before).isLessThan(0.2);
        assertThat(f.get("testAccuracy").asDouble()).isGreaterThan(0.95);
        assertThat(f.get("history")).hasSize(31);
        JsonNode cm = f.get("confusion");
        assertThat(cm.get(0).get(0).asInt() + cm.get(0).get(1).asInt() + cm.get(1).get(0).asInt() + cm.get(1).get(1).asInt())
                .isEqualTo(250);
    }

    @Test
    void hyperparametersKeepTheWeightsAndArchitectureChangesReset() throws Exception {
        String id = session("{}");
        post("/api/sessions/" + id + "/control", "{\"action\":\"step\"}");
        assertThat(post("/api/sessions/" + id + "/config", "{\"learningRate\":0.3,\"optimizer\":\"adam\"}").statusCode())
                .isEqualTo(200);
        assertThat(frame(id).get("epoch").asInt()).isEqualTo(1);
        assertThat(post("/api/sessions/" + id + "/config",
                "{\"layers\":[{\"units\":3,\"activation\":\"relu\",\"dropout\":0.2}],\"features\":[\"x1\",\"x2\",\"x1x2\"]}")
                .statusCode()).isEqualTo(200);
        JsonNode f = frame(id);
        assertThat(f.get("epoch").asInt()).isZero();
        assertThat(f.get("network").get("layers").get(0).get("dropout").asDouble()).isEqualTo(0.2);
        assertThat(f.get("network").get("layers").get(0).get("activation").asText()).isEqualTo("relu");
        assertThat(f.get("network").get("inputs")).hasSize(3);
    }

    @Test
    void aWeightEditedByHandShowsInTheNextFrame() throws Exception {
        String id = session("{}");
        assertThat(post("/api/sessions/" + id + "/weight", "{\"layer\":0,\"from\":1,\"to\":2,\"value\":1.25}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/sessions/" + id + "/weight", "{\"layer\":2,\"from\":-1,\"to\":0,\"value\":-0.5}").statusCode())
                .isEqualTo(200);
        JsonNode layers = frame(id).get("network").get("layers");
        assertThat(layers.get(0).get("w").get(1).get(2).asDouble()).isEqualTo(1.25);
        assertThat(layers.get(2).get("b").get(0).asDouble()).isEqualTo(-0.5);
        assertThat(post("/api/sessions/" + id + "/weight", "{\"layer\":5,\"from\":0,\"to\":0,\"value\":1}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void oversizedNetworksAndDataAreRefusedWith413() throws Exception {
        StringBuilder nine = new StringBuilder("{\"layers\":[");
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ",").append("{\"units\":2}");
        }
        nine.append("]}");
        HttpResponse<String> r = post("/api/sessions", nine.toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("limit of 8");
        assertThat(post("/api/sessions", "{\"layers\":[{\"units\":33}]}").statusCode()).isEqualTo(413);
        assertThat(post("/api/sessions", "{\"points\":5001}").statusCode()).isEqualTo(413);
        String id = session("{}");
        String big = "a,b,label\n" + "1,2,x\n".repeat(200_000);
        r = post("/api/sessions/" + id + "/csv", csvBody("big.csv", big));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("CSV upload", "bytes, above the limit");
        assertThat(post("/api/sessions", "x".repeat(70_000)).statusCode()).isEqualTo(413);
    }

    @Test
    void malformedJsonAndBadValuesAre400WithAMessage() throws Exception {
        HttpResponse<String> r = post("/api/sessions", "{\"dataset\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("malformed JSON");
        assertThat(post("/api/sessions", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "{\"a\":1,\"a\":2}").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(post("/api/sessions", "{\"colour\":\"red\"}").body()).get("error").asText())
                .contains("unknown configuration key \"colour\"");
        assertThat(post("/api/sessions", "{\"learningRate\":-1}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "{\"dataset\":\"plane\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "{\"loss\":\"categorical_cross_entropy\"}").statusCode()).isEqualTo(400);
        String id = session("{}");
        assertThat(post("/api/sessions/" + id + "/control", "{\"action\":\"fly\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions/" + id + "/csv", csvBody("x.csv", "a,b,label\n1,2,x\n")).statusCode()).isEqualTo(400);
    }

    @Test
    void staticFilesAreServedAndTraversalIsRefused() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Myelin Playground").doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
        assertThat(get("/static/js/main.js").statusCode()).isEqualTo(200);
        assertThat(get("/static/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/api/sessions/0123/frame").statusCode()).isEqualTo(404);
        assertThat(rawStatus("/static/../PlaygroundServer.class")).isEqualTo(400);
        assertThat(rawStatus("/static/js/../../../../etc/passwd")).isEqualTo(400);
        assertThat(rawStatus("/static/%2e%2e/%2e%2e/etc/passwd")).isEqualTo(400);
        assertThat(rawStatus("/../../etc/passwd")).isEqualTo(400);
        assertThat(rawStatus("/static/..%2f..%2fpom.xml")).isEqualTo(400);
    }

    /** Sends the path exactly as written (clients normalize "..", so a socket it is). */
    static int rawStatus(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void aCsvWithThreeClassesTrainsASoftmaxNetworkAndExports(@TempDir Path dir) throws Exception {
        String id = session("{}");
        HttpResponse<String> r = post("/api/sessions/" + id + "/csv", csvBody("blobs.csv", BrowserFixtures.threeBlobs()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode info = JSON.readTree(r.body());
        assertThat(info.get("problem").asText()).isEqualTo("classification");
        assertThat(info.get("classes")).hasSize(3);
        assertThat(post("/api/sessions/" + id + "/config",
                "{\"dataset\":\"csv\",\"planeX\":0,\"planeY\":2,\"learningRate\":0.1}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            post("/api/sessions/" + id + "/control", "{\"action\":\"step\"}");
        }
        JsonNode f = frame(id);
        assertThat(f.get("output").get("kind").asText()).isEqualTo("multi");
        assertThat(f.get("network").get("layers").get(2).get("activation").asText()).isEqualTo("softmax");
        assertThat(f.get("confusion")).hasSize(3);
        assertThat(f.get("testAccuracy").asDouble()).isGreaterThan(0.9);
        assertThat(f.get("data").get("axes").get(1).asText()).isEqualTo("c");

        HttpResponse<byte[]> model = http.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/export/model")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(model.statusCode()).isEqualTo(200);
        Path file = dir.resolve("m.safetensors");
        Files.write(file, model.body());
        Model m = ModelFile.load(file);
        assertThat(m.network().inputs()).isEqualTo(3);
        assertThat(m.network().outputs()).isEqualTo(3);
        assertThat(m.info().classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(m.info().scaler()).isNotNull();
        JsonNode code = JSON.readTree(get("/api/sessions/" + id + "/export/code").body());
        assertThat(code.get("command").asText()).startsWith("./myelin train --data blobs.csv --label label --scale standard --task classification --test-split 0.5");
        assertThat(code.get("java").asText()).contains("Network.builder(3)");
    }

    @Test
    void explainGivesTheForwardAndBackwardNumbersOfOnePoint() throws Exception {
        String id = session("{\"layers\":[{\"units\":3,\"activation\":\"tanh\"}]}");
        JsonNode e = JSON.readTree(post("/api/sessions/" + id + "/explain", "{\"set\":\"train\",\"index\":4}").body());
        JsonNode hidden = e.get("layers").get(0);
        JsonNode out = e.get("layers").get(1);
        // z = x·W + b, a = tanh(z), then the output's δ = a − y (sigmoid + binary cross-entropy)
        double z0 = e.get("x").get(0).asDouble() * hidden.get("w").get(0).get(0).asDouble()
                + e.get("x").get(1).asDouble() * hidden.get("w").get(1).get(0).asDouble() + hidden.get("b").get(0).asDouble();
        assertThat(hidden.get("z").get(0).asDouble()).isCloseTo(z0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(hidden.get("a").get(0).asDouble()).isCloseTo(Math.tanh(z0), org.assertj.core.data.Offset.offset(1e-12));
        double delta = out.get("a").get(0).asDouble() - e.get("y").get(0).asDouble();
        assertThat(out.get("delta").get(0).asDouble()).isCloseTo(delta, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(out.get("gradW").get(2).get(0).asDouble())
                .isCloseTo(hidden.get("a").get(2).asDouble() * delta, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(post("/api/sessions/" + id + "/explain", "{\"set\":\"test\",\"index\":999}").statusCode()).isEqualTo(400);
    }

    @Test
    void anIdleSessionIsFreed() throws Exception {
        PlaygroundServer shortLived = PlaygroundServer.start("127.0.0.1", 0, 300);
        try {
            URI base = URI.create("http://127.0.0.1:" + shortLived.port());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Origin", base.toString())
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            String id = JSON.readTree(r.body()).get("id").asText();
            assertThat(shortLived.sessions()).isEqualTo(1);
            Thread.sleep(1_200);
            assertThat(shortLived.sessions()).isZero();
            HttpResponse<String> gone = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions/" + id + "/frame")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).contains("freed");
        } finally {
            shortLived.stop();
        }
    }

    @Test
    void theStreamSendsFramesWhilePlaying() throws Exception {
        String id = session("{}");
        post("/api/sessions/" + id + "/control", "{\"action\":\"play\"}");
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        int frames = 0;
        long start = System.nanoTime();
        int lastEpoch = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    frames++;
                    lastEpoch = JSON.readTree(line.substring(6)).get("epoch").asInt();
                }
                if (System.nanoTime() - start > 2_000_000_000L) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("playground stream: %d frames in %.2f s = %.1f frames/s (default network), epoch %d%n",
                frames, seconds, frames / seconds, lastEpoch);
        assertThat(frames).isGreaterThan(1);
        assertThat(lastEpoch).isGreaterThan(0);
        post("/api/sessions/" + id + "/control", "{\"action\":\"pause\"}");
        int paused = frame(id).get("epoch").asInt();
        Thread.sleep(300);
        assertThat(frame(id).get("epoch").asInt()).isEqualTo(paused);
    }
}
