package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFileTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Network network(Precision p) {
        return Network.builder(3).dense(5, Activation.TANH).dropout(0.25).dense(4, Activation.RELU)
                .dense(3, Activation.SOFTMAX).seed(1234).precision(p).build();
    }

    static Matrix inputs(Precision p) {
        Rng rng = new Rng(99);
        Matrix x = Matrix.zeros(50, 3, p);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian() * 3);
        }
        return x;
    }

    static ModelInfo info() {
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, inputs(Precision.FLOAT64));
        return new ModelInfo("classification", List.of("a", "b", "c"), "kind", List.of("x", "y", "z"), scaler,
                List.of("a", "b", "c"), Map.of("library", "myelin 0.1.0", "seed", "1234"));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void saveThenLoadGivesBitIdenticalPredictions(Precision p) throws IOException {
        Network net = network(p);
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, new Model(net, info()));
        assertThat(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8).isZero();

        Model back = ModelFile.load(file);
        assertThat(back.network().precision()).isEqualTo(p);
        assertThat(back.network().seed()).isEqualTo(1234);
        assertThat(back.network().toJson()).isEqualTo(net.toJson());
        assertThat(back.info()).isEqualTo(info());
        Matrix x = inputs(p);
        assertBitIdentical(back.network().predict(x), net.predict(x));
        assertThat(back.network().rngStates()).containsExactly(net.rngStates());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("model.safetensors");
        }
    }

    static void assertBitIdentical(Matrix a, Matrix b) {
        assertThat(a.precision()).isEqualTo(b.precision());
        assertThat(a.shape()).isEqualTo(b.shape());
        if (a.isFloat()) {
            assertThat(Arrays.copyOf(a.floats(), a.size())).containsExactly(Arrays.copyOf(b.floats(), b.size()));
        } else {
            assertThat(Arrays.copyOf(a.doubles(), a.size())).containsExactly(Arrays.copyOf(b.doubles(), b.size()));
        }
    }

    @Test
    void convertsPrecisionOnLoadWhenAsked() throws IOException {
        Network net = network(Precision.FLOAT32);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Model.of(net));
        Model wide = ModelFile.load(file, Precision.FLOAT64, ModelFile.DEFAULT_MAX_BYTES);
        assertThat(wide.network().precision()).isEqualTo(Precision.FLOAT64);
        Matrix w = wide.network().namedParameters().get("layers.0.weight").value();
        Matrix orig = net.namedParameters().get("layers.0.weight").value();
        for (int i = 0; i < w.size(); i++) {
            assertThat(w.get(i)).isEqualTo(orig.get(i));
        }
    }

    @Test
    void bytesAreTheFilesBytesAndLoadBackBitForBit() throws IOException {
        Network net = network(Precision.FLOAT32);
        Model model = new Model(net, info());
        byte[] bytes = ModelFile.toBytes(model);
        Path file = dir.resolve("same.safetensors");
        ModelFile.save(file, model);
        assertThat(bytes).isEqualTo(Files.readAllBytes(file));
        Model back = ModelFile.fromBytes(bytes, "sent");
        assertBitIdentical(back.network().predict(inputs(Precision.FLOAT32)), net.predict(inputs(Precision.FLOAT32)));
        assertThat(back.info()).isEqualTo(model.info());
        assertThatThrownBy(() -> ModelFile.fromBytes(java.util.Arrays.copyOf(bytes, 20), "cut"))
                .isInstanceOf(ModelFormatException.class).hasMessageStartingWith("cut.safetensors: ");
    }

    @Test
    void jsonFormatIsWrittenForJsonNamesAndKeepsTheModelInfo() throws IOException {
        Network net = network(Precision.FLOAT64);
        Path file = dir.resolve("net.json");
        ModelFile.save(file, new Model(net, info()));
        String text = Files.readString(file);
        assertThat(text).startsWith("{\"format\": \"myelin.network\"").contains("\n \"model_info\": {\"task\":\"classification\"");
        Model back = ModelFile.load(file, Precision.FLOAT64, ModelFile.DEFAULT_MAX_BYTES);
        assertBitIdentical(back.network().predict(inputs(Precision.FLOAT64)), net.predict(inputs(Precision.FLOAT64)));
        assertThat(back.info()).isEqualTo(info());
        assertThat(back.info().scaler()).isEqualTo(info().scaler());
        // the network reader accepts the member and builds the same network
        assertBitIdentical(Network.fromJson(text, Precision.FLOAT64).predict(inputs(Precision.FLOAT64)),
                net.predict(inputs(Precision.FLOAT64)));
        assertThat(JSON.readTree(text).get("model_info")).isEqualTo(info().toJson());
    }

    @Test
    void aBareNetworkInJsonHasNoModelInfoAndLoadsWithDefaults() throws IOException {
        Network net = network(Precision.FLOAT64);
        Path file = dir.resolve("net.json");
        ModelFile.save(file, Model.of(net));
        assertThat(Files.readString(file)).isEqualTo(net.toJson()).doesNotContain("model_info");
        Model back = ModelFile.load(file, Precision.FLOAT64, ModelFile.DEFAULT_MAX_BYTES);
        assertBitIdentical(back.network().predict(inputs(Precision.FLOAT64)), net.predict(inputs(Precision.FLOAT64)));
        assertThat(back.info()).isEqualTo(new ModelInfo("classification", List.of(), null, List.of(), null, List.of(), Map.of()));
        Network regression = Network.builder(2).dense(1, Activation.IDENTITY).build();
        ModelFile.save(file, Model.of(regression));
        assertThat(ModelFile.load(file).info().task()).isEqualTo("regression");
        assertThat(ModelFile.load(file).network().precision()).isEqualTo(Precision.FLOAT32);

        Files.writeString(file, "  {\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, \"layers\": [{\"type\": \"dense\"}]}");
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: layers[0].units: missing");
    }

    @Test
    void aWrongModelInfoInJsonIsNamedByItsPath() throws IOException {
        Path file = dir.resolve("net.json");
        String bare = Network.builder(2).dense(1, Activation.SIGMOID).build().toJson();
        String json = bare.substring(0, bare.lastIndexOf('}')) + ",\n \"model_info\": {\"task\": \"poetry\"}}\n";
        Files.writeString(file, json);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: model_info.task: expected \"classification\" or \"regression\", found \"poetry\"");
        assertThatThrownBy(() -> Network.fromJson(json)).isInstanceOf(NetworkFormatException.class)
                .hasMessage("model_info.task: expected \"classification\" or \"regression\", found \"poetry\"");
        Files.writeString(file, json.replace("{\"task\": \"poetry\"}", "{\"task\": \"regression\", \"classNames\": [\"a\", 2]}"));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: model_info.classNames[1]: expected a string, found 2");
        Files.writeString(file, json.replace("{\"task\": \"poetry\"}", "[]"));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: model_info: expected an object");
    }

    @Test
    void anIndependentPythonReaderSeesTheSameTensors() throws Exception {
        Path script = PythonReader.script();
        String python = PythonReader.python();
        for (Precision p : Precision.values()) {
            Network net = network(p);
            Path file = dir.resolve("py-" + p.label() + ".safetensors");
            ModelFile.save(file, new Model(net, info()));
            JsonNode out = PythonReader.run(python, script, file);
            JsonNode tensors = out.get("tensors");
            assertThat(tensors.size()).isEqualTo(6);
            for (var e : net.namedParameters().entrySet()) {
                JsonNode t = tensors.get(e.getKey());
                Matrix m = e.getValue().value();
                assertThat(t.get("dtype").asText()).isEqualTo(p == Precision.FLOAT32 ? "F32" : "F64");
                List<Long> shape = JSON.convertValue(t.get("shape"), JSON.getTypeFactory().constructCollectionType(List.class, Long.class));
                assertThat(shape).containsExactly(e.getKey().endsWith("bias")
                        ? new Long[] {(long) m.cols()} : new Long[] {(long) m.rows(), (long) m.cols()});
                JsonNode values = t.get("values");
                assertThat(values.size()).isEqualTo(m.size());
                for (int i = 0; i < m.size(); i++) {
                    double v = values.get(i).doubleValue();
                    if (m.isFloat()) {
                        assertThat(Float.floatToRawIntBits((float) v)).isEqualTo(Float.floatToRawIntBits(m.floats()[i]));
                        assertThat((double) (float) v).isEqualTo(v);
                    } else {
                        assertThat(Double.doubleToRawLongBits(v)).isEqualTo(Double.doubleToRawLongBits(m.doubles()[i]));
                    }
                }
            }
            JsonNode meta = out.get("metadata");
            assertThat(meta.get("myelin.network").asText()).isEqualTo(NetworkJson.writeConfig(net));
            assertThat(JSON.readTree(meta.get("myelin.info").asText())).isEqualTo(info().toJson());
        }
    }

    @Test
    void rejectsFilesLargerThanTheLimitBeforeReading() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Model.of(network(Precision.FLOAT32)));
        long size = Files.size(file);
        assertThatThrownBy(() -> ModelFile.load(file, null, 100)).isInstanceOf(ModelFormatException.class)
                .hasMessage("m.safetensors: the file is " + size + " bytes, larger than the limit of 100 bytes");
    }

    @Test
    void loadsAHeaderWhoseLengthStartsWithTheByteOfABrace() throws IOException {
        // N = 379 = 0x17B: the first byte of the file is 0x7B = '{' and looks like JSON; the content says safetensors.
        Crafted c = new Crafted();
        String header = JSON.writeValueAsString(c.header);
        assertThat(header.length()).isLessThan(379);
        Path file = Crafted.write(dir, "brace.safetensors", header + " ".repeat(379 - header.length()), c.data);
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) '{');
        assertThat(ModelFile.load(file).network().predict(new double[] {1, 2})).containsExactly(c.expectedOutput());
    }

    static final class PythonReader {
        static Path script() {
            Path p = Path.of("").toAbsolutePath();
            while (p != null && !Files.exists(p.resolve("tools/read_safetensors.py"))) {
                p = p.getParent();
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(p != null, "tools/read_safetensors.py not found");
            return p.resolve("tools/read_safetensors.py");
        }

        /** The python3 executable's own path (skips version-manager shims on later runs), or the test is skipped. */
        static String python() {
            String exe = null;
            try {
                Process pr = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
                String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (pr.waitFor() == 0 && !out.isEmpty()) {
                    exe = out;
                }
            } catch (IOException | InterruptedException e) {
                exe = null;
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(exe != null, "python3 is not available");
            return exe;
        }

        static JsonNode run(String python, Path script, Path file) throws IOException, InterruptedException {
            Process pr = new ProcessBuilder(python, script.toString(), file.toString()).start();
            byte[] out = pr.getInputStream().readAllBytes();
            String err = new String(pr.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pr.waitFor()).as(err).isZero();
            return JSON.readTree(out);
        }
    }

    /** A hand-built safetensors file for a 2 → 2 sigmoid network, to be damaged by each test. */
    static final class Crafted {
        final ObjectNode header = JSON.createObjectNode();
        byte[] data;

        Crafted() {
            Network net = Network.builder(2).dense(new double[][] {{0.5, -1}, {2, 0.25}}, new double[] {0.125, -0.5},
                    Activation.SIGMOID).build();
            ObjectNode w = header.putObject("layers.0.weight");
            w.put("dtype", "F32");
            w.putArray("shape").add(2).add(2);
            w.putArray("data_offsets").add(0).add(16);
            ObjectNode b = header.putObject("layers.0.bias");
            b.put("dtype", "F32");
            b.putArray("shape").add(2);
            b.putArray("data_offsets").add(16).add(24);
            header.putObject("__metadata__").put("myelin.network", NetworkJson.writeConfig(net));
            data = floats(0.5f, -1f, 2f, 0.25f, 0.125f, -0.5f);
        }

        double[] expectedOutput() {
            double z0 = (float) (1 * 0.5 + 2 * 2 + 0.125), z1 = (float) (1 * -1 + 2 * 0.25 - 0.5);
            return new double[] {(float) (1 / (1 + Math.exp(-z0))), (float) (1 / (1 + Math.exp(-z1)))};
        }

        static byte[] floats(float... v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putFloat(f);
            }
            return b.array();
        }

        Path write(Path dir, String name) throws IOException {
            return write(dir, name, JSON.writeValueAsString(header), data);
        }

        static Path write(Path dir, String name, String headerText, byte[] data) throws IOException {
            byte[] h = headerText.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).put(data);
            return Files.write(dir.resolve(name), b.array());
        }
    }
}
