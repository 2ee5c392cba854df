package dev.myelin.fuzz;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.io.NetworkJson;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The seed corpora of the fuzz targets: small valid files made by the library itself, so the
 * fuzzer starts from the formats' real structure. They live in
 * {@code src/test/resources/dev/myelin/fuzz/{Target}Inputs/{method}/} (where Jazzer looks for
 * them, and replays them as regression inputs); {@link SeedCorpusTest} checks that the files there
 * are exactly these and that each loads. Rewrite them with {@code -Dfuzz.writeSeeds=true}.
 */
public final class SeedCorpus {
    static final Path RESOURCES = Path.of("src/test/resources/dev/myelin/fuzz");

    private SeedCorpus() {}

    /** The seeds of each target's directory (relative to {@link #RESOURCES}), by file name. */
    public static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
        all.put("NetworkJsonFuzzTestInputs/networkJson", networkJson());
        all.put("ModelFileFuzzTestInputs/modelFile", modelFiles());
        all.put("IdxFuzzTestInputs/idx", idx());
        all.put("CsvFuzzTestInputs/csv", csv());
        all.put("PlaygroundCsvFuzzTestInputs/playgroundCsv", playgroundCsv());
        all.put("CheckpointFuzzTestInputs/checkpoint", Map.of("manifest.json", CheckpointFuzzTest.validManifest()));
        all.put("OnnxFuzzTestInputs/onnx", OnnxFuzzTest.seeds());
        return all;
    }

    static List<Network> networks() {
        return List.of(
                Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build(),
                Network.builder(3).dense(4, Activation.RELU).dropout(0.25).dense(2, Activation.SOFTMAX).seed(2)
                        .precision(Precision.FLOAT64).build(),
                Network.builder(1).dense(2, Activation.leakyRelu(0.1)).dense(2, Activation.elu(0.5)).dense(1, Activation.IDENTITY)
                        .seed(3).build());
    }

    static Map<String, byte[]> networkJson() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<Network> nets = networks();
        for (int i = 0; i < nets.size(); i++) {
            seeds.put("network-" + i + ".json", prefixed((byte) i, NetworkJson.write(nets.get(i))));
            seeds.put("config-" + i + ".json", prefixed((byte) i, NetworkJson.writeConfig(nets.get(i))));
        }
        return seeds;
    }

    static Map<String, byte[]> modelFiles() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<Network> nets = networks();
        Network first = nets.get(0);
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{0, 1}, {2, 5}, {4, 0}}, Precision.FLOAT64));
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label", List.of("no", "yes"), scaler,
                List.of(), new java.util.LinkedHashMap<>(java.util.Map.of("library", "myelin")) {{ put("seed", "1"); }});
        seeds.put("classifier.safetensors", save(new Model(first, info), "m.safetensors"));
        seeds.put("softmax-f64.safetensors", save(Model.of(nets.get(1)), "m.safetensors"));
        ModelInfo regression = new ModelInfo(ModelInfo.REGRESSION, List.of("x"), "y", List.of(),
                Scaler.fit(Scaler.Kind.MINMAX, Matrix.of(new double[][] {{0}, {3}}, Precision.FLOAT64)), List.of(), Map.of());
        seeds.put("regression.safetensors", save(new Model(nets.get(2), regression), "m.safetensors"));
        seeds.put("network.json", NetworkJson.write(first).getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    static Map<String, byte[]> idx() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] images = idxImages(3, 2, 2);
        byte[] labels = idxLabels(3);
        seeds.put("images.idx", prefixed((byte) 0, images));
        seeds.put("images.idx.gz", prefixed((byte) 0, gzip(images)));
        seeds.put("labels.idx", prefixed((byte) 1, labels));
        seeds.put("labels.idx.gz", prefixed((byte) 1, gzip(labels)));
        return seeds;
    }

    /** Small valid tables: classification with a named label, quoted cells, a regression target. */
    static Map<String, String> csvTables() {
        Map<String, String> t = new LinkedHashMap<>();
        StringBuilder cls = new StringBuilder("x1,x2,label\n");
        StringBuilder reg = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 12; i++) {
            cls.append(i * 0.5).append(',').append(-i).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
            reg.append(i).append(',').append(1.5e-3 * i).append(',').append(-2.25 * i).append(',').append(i * i).append('\n');
        }
        t.put("classes.csv", cls.toString());
        t.put("regression.csv", reg.toString());
        t.put("quoted.csv", "\"x 1\",\"x,2\",label\r\n\"1\",2,\"a \"\"b\"\"\"\r\n3,4,c\r\n\n5,6,a \"\"b\"\"\r\n");
        return t;
    }

    static Map<String, byte[]> csv() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, String> e : csvTables().entrySet()) {
            seeds.put(e.getKey(), prefixed((byte) (k++ % 4), e.getValue()));
        }
        return seeds;
    }

    static Map<String, byte[]> playgroundCsv() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, String> e : csvTables().entrySet()) {
            seeds.put(e.getKey(), prefixed((byte) (k++ % 2), e.getValue()));
        }
        return seeds;
    }

    /** An IDX images file: magic 0x803, count, rows, cols (big-endian), then pixels i·37 mod 256. */
    static byte[] idxImages(int count, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 0x803);
        writeInt(out, count);
        writeInt(out, rows);
        writeInt(out, cols);
        for (int i = 0; i < count * rows * cols; i++) {
            out.write(i * 37);
        }
        return out.toByteArray();
    }

    /** An IDX labels file: magic 0x801, count, then labels i mod 10. */
    static byte[] idxLabels(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 0x801);
        writeInt(out, count);
        for (int i = 0; i < count; i++) {
            out.write(i % 10);
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        bytes[9] = 3; // the OS byte: fixed (Unix) so the seed is the same everywhere
        return bytes;
    }

    private static byte[] prefixed(byte first, String text) {
        return prefixed(first, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static byte[] save(Model model, String name) {
        try {
            Path dir = Files.createTempDirectory("myelin-seed");
            Path file = dir.resolve(name);
            ModelFile.save(file, model);
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every seed under {@link #RESOURCES} (run from the module directory). */
    public static void write() throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> dir : all().entrySet()) {
            Path d = RESOURCES.resolve(dir.getKey());
            Files.createDirectories(d);
            for (Map.Entry<String, byte[]> seed : dir.getValue().entrySet()) {
                Files.write(d.resolve(seed.getKey()), seed.getValue());
            }
        }
    }
}
