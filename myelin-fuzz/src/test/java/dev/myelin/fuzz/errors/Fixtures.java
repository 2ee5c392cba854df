package dev.myelin.fuzz.errors;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The files the error catalogue's rows name, made fresh in a temporary folder. */
final class Fixtures {
    private Fixtures() {}

    static void write(Path dir) throws IOException {
        StringBuilder good = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 40; i++) {
            good.append(i % 7 * 0.5).append(',').append(i % 5 - 2).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(dir.resolve("good.csv"), good);
        Files.writeString(dir.resolve("bad-number.csv"), "x1,x2,label\n1,2,a\n3,abc,b\n5,6,a\n");
        Files.writeString(dir.resolve("nan.csv"), "x1,x2,label\n1,2,a\n3,4,b\n5,6,a\nNaN,1,b\n");
        Files.writeString(dir.resolve("infinite.csv"), "x1,x2,label\n1,2,a\n3,1e999,b\n");
        Files.writeString(dir.resolve("short-row.csv"), "x1,x2,label\n1,2,a\n3,4\n");
        Files.writeString(dir.resolve("empty.csv"), "");
        Files.writeString(dir.resolve("header-only.csv"), "x1,x2,label\n");
        Files.writeString(dir.resolve("duplicate-header.csv"), "x,x,label\n1,2,a\n");
        Files.writeString(dir.resolve("other-columns.csv"), "a,b,c\n1,2,3\n");
        Files.writeString(dir.resolve("unknown-key.json"), "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, "
                + "\"layers\": [{\"type\": \"dense\", \"units\": 1, \"activation\": \"sigmoid\", \"color\": \"red\"}]}");
        Files.writeString(dir.resolve("nan-weight.json"), "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, "
                + "\"layers\": [{\"type\": \"dense\", \"units\": 1, \"activation\": \"sigmoid\", \"weights\": [[0.5], [1e999]]}]}");
        Files.writeString(dir.resolve("three-inputs.json"), "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 3, "
                + "\"layers\": [{\"type\": \"dense\", \"units\": 2, \"activation\": \"softmax\"}]}");
        Files.writeString(dir.resolve("not-json.json"), "{\"format\": \"myelin.network\",");
        Files.writeString(dir.resolve("bias-text.json"), "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, "
                + "\"layers\": [{\"type\": \"dense\", \"units\": 1, \"activation\": \"sigmoid\", \"bias\": \"none\"}]}");
        Network net = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build();
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label", List.of("a", "b"), null,
                List.of(), Map.of());
        Path model = dir.resolve("model.safetensors");
        ModelFile.save(model, new Model(net, info));
        byte[] bytes = Files.readAllBytes(model);
        Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 10));
        Files.write(dir.resolve("garbage.safetensors"), "this is not a model file at all".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("empty-folder"));
        hostile(dir, net, info);
    }

    /** Small files that claim or cause large allocations, and values that overflow: issue 15's cases. */
    private static void hostile(Path dir, Network net, ModelInfo info) throws IOException {
        StringBuilder classes = new StringBuilder("x,label\n");
        for (int i = 0; i < 10_000; i++) {
            classes.append(i % 10).append(",name").append(i).append('\n');
        }
        Files.writeString(dir.resolve("many-classes.csv"), classes);
        StringBuilder wide = new StringBuilder("c0");
        for (int j = 1; j < 70_000; j++) {
            wide.append(",c").append(j);
        }
        Files.writeString(dir.resolve("wide.csv"), wide.append('\n'));
        for (String fifo : List.of("pipe.csv", "pipe.safetensors")) {
            try {
                new ProcessBuilder("mkfifo", dir.resolve(fifo).toString()).start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // a header of 60,000 empty objects in the metadata: 180 kB that would build a tree of millions of nodes
        String bomb = "{\"__metadata__\":{\"a\":[" + "{},".repeat(60_000) + "{}]}}";
        byte[] header = bomb.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer st = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        st.putLong(header.length).put(header);
        Files.write(dir.resolve("metadata-bomb.safetensors"), st.array());
        String network = Files.readString(dir.resolve("three-inputs.json"));
        Files.writeString(dir.resolve("trailing.json"), network + "\n{\"more\": 1}\n");
        byte[] utf16 = ("\uFEFF" + network).getBytes(StandardCharsets.UTF_16LE);
        Files.write(dir.resolve("utf16.json"), utf16);
        // weights of 3e38 are finite floats, but 3e38·x overflows and inf − inf is NaN in the output layer
        Network big = Network.builder(2).dense(2, Activation.RELU).dense(1, Activation.SIGMOID).seed(1).build();
        java.util.Arrays.fill(big.parameters().get(0).value().floats(), 3e38f);
        float[] out = big.parameters().get(2).value().floats();
        out[0] = 3e38f;
        out[1] = -3e38f;
        ModelFile.save(dir.resolve("overflow.safetensors"), new Model(big, info));
        // a model for 28×28 pictures, and a 57-byte PNG whose header claims 30000 × 30000 pixels
        Network digits = Network.builder(784).dense(10, Activation.SOFTMAX).seed(1).build();
        ModelFile.save(dir.resolve("digits.safetensors"), new Model(digits, new ModelInfo(ModelInfo.CLASSIFICATION, List.of(),
                "digit", java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList(), null, List.of(), Map.of())));
        Files.write(dir.resolve("huge.png"), hugePng());
        // evaluate and predict stream 4,096 rows at a time: a bad cell on row 5,000 is met in the second chunk
        StringBuilder longBad = new StringBuilder("x1,x2,label\n");
        for (int r = 1; r <= 5_000; r++) {
            longBad.append(r == 5_000 ? "oops" : Integer.toString(r % 7)).append(",0.5,").append(r % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(dir.resolve("long-bad.csv"), longBad);
        // a regression model whose target scaler has 2 columns for its 1 output
        Network reg = Network.builder(2).dense(1, Activation.IDENTITY).seed(1).build();
        dev.myelin.data.Scaler two = dev.myelin.data.Scaler.minMax(new double[] {0, 0}, new double[] {1, 1});
        ModelFile.save(dir.resolve("target-columns.safetensors"), new Model(reg, new ModelInfo(ModelInfo.REGRESSION,
                List.of("x1", "x2"), "y", List.of(), null, List.of(), Map.of(), two)));
    }

    private static byte[] hugePng() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put(new byte[] {'I', 'H', 'D', 'R'}).putInt(30000).putInt(30000).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        out.write(ihdr.array());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        return out.toByteArray();
    }
}
