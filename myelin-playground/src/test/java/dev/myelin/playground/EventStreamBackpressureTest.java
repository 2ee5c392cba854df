package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.tensor.Matrix;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fix 8's server side: the page's stream ({@code events?ack=1}) sends the next frame only once the
 * page has taken the previous one, with the weights in binary; a Pause is counted so that the page can
 * tell frames built before it. Scripts' streams (no {@code ack}) keep sending every tick's frame.
 */
class EventStreamBackpressureTest {

    @BeforeAll
    static void start() {
        PlaygroundApiTest.start();
    }

    @AfterAll
    static void stop() {
        PlaygroundApiTest.stop();
    }

    /** Reads the stream's frames on a virtual thread into a queue. */
    static LinkedBlockingQueue<JsonNode> frames(String id, String query) throws Exception {
        HttpResponse<InputStream> r = PlaygroundApiTest.http.send(HttpRequest.newBuilder(
                PlaygroundApiTest.uri("/api/sessions/" + id + "/events" + query)).build(), HttpResponse.BodyHandlers.ofInputStream());
        LinkedBlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) {
                        q.add(PlaygroundApiTest.JSON.readTree(line.substring(6)));
                    }
                }
            } catch (Exception e) {
                // the test ended
            }
        });
        return q;
    }

    static List<JsonNode> drainFor(LinkedBlockingQueue<JsonNode> q, long millis) throws InterruptedException {
        Thread.sleep(millis);
        List<JsonNode> out = new ArrayList<>();
        q.drainTo(out);
        return out;
    }

    @Test
    void thePagesStreamWaitsUntilThePreviousFrameWasTaken() throws Exception {
        String id = PlaygroundApiTest.session("{\"layers\":[{\"units\":8},{\"units\":8}],\"speed\":1}");
        PlaygroundApiTest.post("/api/sessions/" + id + "/control", "{\"action\":\"play\"}");
        LinkedBlockingQueue<JsonNode> q = frames(id, "?ack=1");
        JsonNode first = q.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        // not taken: while training goes on (~15 ticks of 40 ms), no further frame comes
        assertThat(drainFor(q, 600)).isEmpty();
        long seq = first.get("seq").asLong();
        assertThat(PlaygroundApiTest.post("/api/sessions/" + id + "/ack", "{\"seq\":" + seq + "}").statusCode()).isEqualTo(200);
        JsonNode second = q.poll(5, TimeUnit.SECONDS);
        assertThat(second).as("the frame after the ack").isNotNull();
        assertThat(second.get("seq").asLong()).isGreaterThan(seq);
        assertThat(second.get("epoch").asInt()).as("training went on while the page held the frame")
                .isGreaterThan(first.get("epoch").asInt());
        assertThat(drainFor(q, 300)).isEmpty();
        assertThat(PlaygroundApiTest.post("/api/sessions/" + id + "/ack", "{\"seq\":\"x\"}").statusCode()).isEqualTo(400);
        PlaygroundApiTest.post("/api/sessions/" + id + "/control", "{\"action\":\"pause\"}");
    }

    @Test
    void aScriptsStreamGetsEveryTicksFrameWithTheWeightsAsNumbers() throws Exception {
        String id = PlaygroundApiTest.session("{\"layers\":[{\"units\":8},{\"units\":8}],\"speed\":1}");
        PlaygroundApiTest.post("/api/sessions/" + id + "/control", "{\"action\":\"play\"}");
        LinkedBlockingQueue<JsonNode> q = frames(id, "");
        assertThat(q.poll(10, TimeUnit.SECONDS)).isNotNull();
        List<JsonNode> more = drainFor(q, 600);
        assertThat(more.size()).as("frames in 600 ms without acks").isGreaterThan(2);
        assertThat(more.getLast().get("network").get("layers").get(0).get("w")).hasSize(2);
        PlaygroundApiTest.post("/api/sessions/" + id + "/control", "{\"action\":\"pause\"}");
    }

    @Test
    void thePagesFramesCarryTheWeightsAsFloat32AndCountThePauses() throws Exception {
        String id = PlaygroundApiTest.session("{\"layers\":[{\"units\":4},{\"units\":2}]}");
        PlaygroundApiTest.post("/api/sessions/" + id + "/weight", "{\"layer\":1,\"from\":3,\"to\":1,\"value\":-1.25}");
        LinkedBlockingQueue<JsonNode> q = frames(id, "?ack=1");
        JsonNode f = q.poll(10, TimeUnit.SECONDS);
        JsonNode layer = f.get("network").get("layers").get(1);
        assertThat(layer.has("w")).isFalse();
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(layer.get("weights32").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(4 * 4 * 2);
        assertThat(b.getFloat(4 * (3 * 2 + 1))).as("row 3, column 1 of [4][2]").isEqualTo(-1.25f);
        // the numbers of the script's frame, to float32 precision
        JsonNode w = PlaygroundApiTest.frame(id).get("network").get("layers").get(1).get("w");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 2; c++) {
                assertThat((double) b.getFloat(4 * (r * 2 + c))).isCloseTo(w.get(r).get(c).asDouble(),
                        org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        int pausesBefore = f.get("pauses").asInt();
        JsonNode paused = PlaygroundApiTest.JSON.readTree(
                PlaygroundApiTest.post("/api/sessions/" + id + "/control", "{\"action\":\"pause\"}").body());
        assertThat(paused.get("pauses").asInt()).isEqualTo(pausesBefore + 1);
        PlaygroundApiTest.post("/api/sessions/" + id + "/ack", "{\"seq\":" + f.get("seq").asLong() + "}");
        JsonNode next = q.poll(5, TimeUnit.SECONDS);
        assertThat(next.get("pauses").asInt()).isEqualTo(pausesBefore + 1);
        assertThat(next.get("playing").asBoolean()).isFalse();
    }

    @Test
    void float32IsRowMajorLittleEndian() {
        Matrix m = Matrix.of(new double[][] {{1, -2}, {0.5, 3}}, dev.myelin.tensor.Precision.FLOAT64);
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(FrameBuilder.float32(m))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {b.getFloat(0), b.getFloat(4), b.getFloat(8), b.getFloat(12)}).containsExactly(1f, -2f, 0.5f, 3f);
    }
}
