package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelFileTest.Crafted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of damaged or hostile model file gives one clear sentence naming the file. */
class ModelFileRejectsBadFilesTest {
    @TempDir
    Path dir;

    private void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class).hasMessage(message);
    }

    @Test
    void theCraftedFileItselfLoads() throws IOException {
        Crafted c = new Crafted();
        assertThat(ModelFile.load(c.write(dir, "m.safetensors")).network().predict(new double[] {1, 2}))
                .containsExactly(c.expectedOutput());
    }

    @Test
    void truncatedFilesAtSeveralLengths() throws IOException {
        Crafted c = new Crafted();
        byte[] whole = Files.readAllBytes(c.write(dir, "whole.safetensors"));
        long n = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path f = dir.resolve("m.safetensors");
        Files.write(f, new byte[0]);
        assertRejected(f, "m.safetensors: the file is 0 bytes, too short for a safetensors header (at least 8 bytes)");
        Files.write(f, Arrays.copyOf(whole, 5));
        assertRejected(f, "m.safetensors: the file is 5 bytes, too short for a safetensors header (at least 8 bytes)");
        for (int len : new int[] {8, 9, (int) (8 + n / 2), (int) (8 + n - 1)}) {
            Files.write(f, Arrays.copyOf(whole, len));
            assertRejected(f, "m.safetensors: the header length " + n + " goes past the end of the file (" + len + " bytes)");
        }
        Files.write(f, Arrays.copyOf(whole, (int) (8 + n)));
        assertRejected(f, "m.safetensors: the header says tensor layers.0.weight ends at byte 16 but the file has 0 data bytes");
        Files.write(f, Arrays.copyOf(whole, (int) (8 + n + 10)));
        assertRejected(f, "m.safetensors: the header says tensor layers.0.weight ends at byte 16 but the file has 10 data bytes");
        Files.write(f, Arrays.copyOf(whole, whole.length - 1));
        assertRejected(f, "m.safetensors: the header says tensor layers.0.bias ends at byte 24 but the file has 23 data bytes");
    }

    @Test
    void headerLengthLargerThanTheFileOrHuge() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Files.write(f, ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put((byte) '{').put((byte) '}').array());
        assertRejected(f, "m.safetensors: the header length 1000 goes past the end of the file (10 bytes)");
        Files.write(f, ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 62).array());
        assertRejected(f, "m.safetensors: the header length 4611686018427387904 is larger than the limit of 100000000 bytes");
        Files.write(f, ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertRejected(f, "m.safetensors: the header length 18446744073709551615 is larger than the limit of 100000000 bytes");
    }

    @Test
    void overlappingGappedAndShortOffsets() throws IOException {
        Crafted c = new Crafted();
        offsets(c, "layers.0.bias", 8, 16);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: tensors layers.0.weight and layers.0.bias overlap "
                + "(layers.0.weight ends at byte 16, layers.0.bias begins at byte 8)");
        c = new Crafted();
        offsets(c, "layers.0.bias", 20, 28);
        c.data = Arrays.copyOf(c.data, 28);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: the data section has a gap: tensor layers.0.bias begins at byte 20 but the tensors before it end at byte 16");
        c = new Crafted();
        offsets(c, "layers.0.bias", 16, 20);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: tensor layers.0.bias has shape [2] of F32 (8 bytes) but its data_offsets span 4 bytes");
        c = new Crafted();
        c.data = Arrays.copyOf(c.data, 32);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: the file has 32 data bytes but the tensors cover only 24");
        c = new Crafted();
        offsets(c, "layers.0.bias", 24, 16);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: tensor layers.0.bias has data_offsets [24,16], "
                + "which is not a pair [begin, end] of whole numbers with begin ≤ end");
    }

    private static void offsets(Crafted c, String tensor, long begin, long end) {
        ((ObjectNode) c.header.get(tensor)).putArray("data_offsets").add(begin).add(end);
    }

    @Test
    void wrongDtypeAndWrongShape() throws IOException {
        Crafted c = new Crafted();
        ((ObjectNode) c.header.get("layers.0.weight")).put("dtype", "F16");
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: tensor layers.0.weight has dtype F16; only F32 and F64 are supported");
        c = new Crafted();
        ((ObjectNode) c.header.get("layers.0.weight")).putArray("shape").add(4).add(1);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: tensor layers.0.weight has shape [4, 1] but the network needs [2, 2]");
        c = new Crafted();
        ((ObjectNode) c.header.get("layers.0.weight")).putArray("shape").add(2).add(-2);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: tensor layers.0.weight has shape [2,-2], which is not a list of whole numbers from 0 to 2147483647");
        c = new Crafted();
        ((ObjectNode) c.header.get("layers.0.weight")).put("extra", 1);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: tensor layers.0.weight has keys other than dtype, shape and data_offsets");
    }

    @Test
    void missingAndExtraTensors() throws IOException {
        Crafted c = new Crafted();
        c.header.remove("layers.0.bias");
        c.data = Arrays.copyOf(c.data, 16);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: the header has no tensor layers.0.bias, which the network needs");
        c = new Crafted();
        ObjectNode extra = c.header.putObject("layers.1.weight");
        extra.put("dtype", "F32");
        extra.putArray("shape").add(1);
        extra.putArray("data_offsets").add(24).add(28);
        c.data = Arrays.copyOf(c.data, 28);
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: the header has a tensor named layers.1.weight that the network does not use");
    }

    @Test
    void metadataMustBeStringsAndDescribeANetwork() throws IOException {
        Crafted c = new Crafted();
        ((ObjectNode) c.header.get("__metadata__")).put("epochs", 3);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: the metadata value epochs is not a string");
        c = new Crafted();
        c.header.remove("__metadata__");
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: the header has no myelin.network metadata, so the network's "
                + "layers are unknown (only files written by Myelin can be loaded)");
        c = new Crafted();
        ((ObjectNode) c.header.get("__metadata__")).put("myelin.network", "{\"format\": \"myelin.network\", \"version\": 2}");
        assertRejected(c.write(dir, "m.safetensors"),
                "m.safetensors: the myelin.network metadata is not a valid network: version: this reader knows version 1, found 2");
        c = new Crafted();
        ((ObjectNode) c.header.get("__metadata__")).put("myelin.info", "{\"task\": \"clustering\"}");
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: the myelin.info metadata is not valid: "
                + "myelin.info.task: expected \"classification\" or \"regression\", found \"clustering\"");
    }

    @Test
    void nonFiniteWeights() throws IOException {
        Crafted c = new Crafted();
        c.data = Crafted.floats(0.5f, -1f, Float.NaN, 0.25f, 0.125f, -0.5f);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: tensor layers.0.weight has a non-finite value (NaN) at index 2");
        c.data = Crafted.floats(0.5f, -1f, 2, 0.25f, 0.125f, Float.NEGATIVE_INFINITY);
        assertRejected(c.write(dir, "m.safetensors"), "m.safetensors: tensor layers.0.bias has a non-finite value (-Infinity) at index 1");
    }

    @Test
    void malformedHeaders() throws IOException {
        byte[] data = new Crafted().data;
        assertRejected(Crafted.write(dir, "m.safetensors", "{\"layers.0.weight\": {\"dtype\": ", data),
                "m.safetensors: the header is not valid JSON at byte 30 of the header (unexpected end of the header)");
        assertRejected(Crafted.write(dir, "m.safetensors", "{\"a\": 1} {}", data),
                "m.safetensors: the header is not valid JSON at byte 9 of the header (there is more after the top-level object)");
        assertRejected(Crafted.write(dir, "m.safetensors", "{\"a\": {}, \"a\": {}}", data),
                "m.safetensors: the header is not valid JSON at byte 13 of the header (the key \"a\" appears twice)");
        assertRejected(Crafted.write(dir, "m.safetensors", "[1, 2]", data), "m.safetensors: the header is not a JSON object");
        assertRejected(Crafted.write(dir, "m.safetensors", "{\"x\": 3}", data),
                "m.safetensors: the header entry x is not an object with dtype, shape and data_offsets");
    }
}
