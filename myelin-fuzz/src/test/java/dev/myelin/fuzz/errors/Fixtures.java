package dev.myelin.fuzz.errors;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.io.Model;
import dev.myelin.io.ModelFile;
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
        Network net = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build();
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label", List.of("a", "b"), null,
                List.of(), Map.of());
        Path model = dir.resolve("model.safetensors");
        ModelFile.save(model, new Model(net, info));
        byte[] bytes = Files.readAllBytes(model);
        Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 10));
        Files.write(dir.resolve("garbage.safetensors"), "this is not a model file at all".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("empty-folder"));
    }
}
