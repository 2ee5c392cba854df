package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Model;
import dev.myelin.onnx.OnnxFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export menu's ONNX entry: GET export/onnx gives the session's model as ONNX, which loads back as the same network. */
class PlaygroundOnnxExportTest {
    static PlaygroundServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

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

    @Test
    void exportOnnxGivesTheSessionsModel(@TempDir Path dir) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(uri("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Origin", "http://127.0.0.1:" + server.port())
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = PlaygroundApiTest.JSON.readTree(created.body()).get("id").asText();
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/export/onnx")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"playground.onnx\"");
        Path file = dir.resolve("playground.onnx");
        Files.write(file, r.body());
        Model m = OnnxFile.load(file);
        HttpResponse<byte[]> st = HTTP.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/export/model")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Path safetensors = dir.resolve("playground.safetensors");
        Files.write(safetensors, st.body());
        Model same = dev.myelin.ModelFile.load(safetensors);
        assertThat(m.info()).isEqualTo(same.info());
        double[][] x = {{0.5, -1}, {2, 3}};
        double[][] a = m.network().predict(x), b = same.network().predict(x);
        for (int i = 0; i < x.length; i++) {
            // the playground computes in float64; ONNX files are float32
            assertThat(a[i]).containsExactly(b[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
