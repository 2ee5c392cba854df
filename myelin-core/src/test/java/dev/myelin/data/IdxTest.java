package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] images(int magic, long count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length); // big-endian, as IDX
        b.putInt(magic).putInt((int) count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] labels(long count, byte[] values) {
        return ByteBuffer.allocate(8 + values.length).putInt(0x00000801).putInt((int) count).put(values).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static final byte[] PIXELS = {0, (byte) 255, 51, 102, (byte) 128, 1, 2, 3};

    @Test
    void readsPlainAndGzipImagesAsPixelOver255() throws IOException {
        byte[] raw = images(0x803, 2, 2, 2, PIXELS);
        for (byte[] content : new byte[][] {raw, gzip(raw)}) {
            Path f = Files.write(dir.resolve("imgs"), content);
            Matrix m = Idx.readImages(f, 1 << 20);
            assertThat(m.precision()).isEqualTo(Precision.FLOAT32);
            assertThat(m.rows()).isEqualTo(2);
            assertThat(m.cols()).isEqualTo(4);
            assertThat(Arrays.copyOf(m.floats(), 8))
                    .containsExactly(0f, 1f, 0.2f, 0.4f, 128 / 255f, 1 / 255f, 2 / 255f, 3 / 255f);
        }
    }

    @Test
    void readsPlainAndGzipLabels() throws IOException {
        byte[] raw = labels(4, new byte[] {7, 0, 9, (byte) 200});
        assertThat(Idx.readLabels(new ByteArrayInputStream(raw), "l", 100)).containsExactly(7, 0, 9, 200);
        Path f = Files.write(dir.resolve("labels.gz"), gzip(raw));
        assertThat(Idx.readLabels(f, 100)).containsExactly(7, 0, 9, 200);
    }

    @Test
    void hugeClaimedCountFailsBeforeAllocating() {
        byte[] header = images(0x803, 1L << 31, 28, 28, new byte[0]);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(header), "train-images", 100_000_000))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-images: the header claims 2147483648 images of 28×28 pixels (1683627180048 bytes), "
                        + "more than the limit of 100000000 bytes");
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(header), "train-images", Long.MAX_VALUE))
                .hasMessage("train-images: the header claims 2147483648 images of 28×28 pixels, more than one matrix can hold (2^31 values)");
        byte[] absurd = images(0x803, 0xFFFFFFFFL, -1, -1, new byte[0]);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(absurd), "x", Long.MAX_VALUE))
                .hasMessage("x: the header claims 4294967295 images of 4294967295×4294967295 pixels (over 2^63 bytes), "
                        + "more than the limit of 9223372036854775807 bytes");
        byte[] manyLabels = labels(0xFFFFFFFFL, new byte[0]);
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(manyLabels), "l", 1000))
                .hasMessage("l: the header claims 4294967295 labels (4294967303 bytes), more than the limit of 1000 bytes");
    }

    @Test
    void checksTheMagicNumber() {
        byte[] raw = labels(1, new byte[] {1});
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(raw), "t10k-labels", 100))
                .hasMessage("t10k-labels: expected the IDX magic number 0x00000803 (images) but found 0x00000801 (a labels file)");
        byte[] img = images(0x803, 1, 1, 1, new byte[] {1});
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(img), "t10k-images", 100))
                .hasMessage("t10k-images: expected the IDX magic number 0x00000801 (labels) but found 0x00000803 (an images file)");
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream("hello, world".getBytes()), "notes.txt", 100))
                .hasMessage("notes.txt: expected the IDX magic number 0x00000801 (labels) but found 0x68656C6C");
    }

    @Test
    void truncatedAndOverlongFilesAreRejected() throws IOException {
        byte[] raw = images(0x803, 2, 2, 2, PIXELS);
        byte[] cut = Arrays.copyOf(raw, 21);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(cut), "a", 1000))
                .hasMessage("a: the file ends after 5 of the 8 bytes of pixels its header announces");
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(Arrays.copyOf(raw, 10)), "a", 1000))
                .hasMessage("a: the file ends after 2 of the 4 bytes of the row count its header announces");
        byte[] longer = Arrays.copyOf(raw, raw.length + 1);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(longer), "a", 1000))
                .hasMessage("a: the file goes on after the 24 bytes its header announces");
        byte[] gz = gzip(raw);
        byte[] gzCut = Arrays.copyOf(gz, gz.length - 12);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(gzCut), "a.gz", 1000))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("a.gz: the gzip data is damaged or cut short");
    }

    @Test
    void honoursMaxBytesForFilesAndDecompressedData() throws IOException {
        byte[] raw = images(0x803, 2, 2, 2, PIXELS);
        Path f = Files.write(dir.resolve("imgs"), raw);
        assertThatThrownBy(() -> Idx.readImages(f, 20))
                .hasMessage("imgs: the file is 24 bytes, larger than the limit of 20 bytes");
        // A small gzip file whose decompressed content exceeds the limit: the header check fires first...
        byte[] big = images(0x803, 1000, 28, 28, new byte[1000 * 28 * 28]);
        Path g = Files.write(dir.resolve("big.gz"), gzip(big));
        assertThat(Files.size(g)).isLessThan(2000);
        assertThatThrownBy(() -> Idx.readImages(g, 10_000))
                .hasMessage("big.gz: the header claims 1000 images of 28×28 pixels (784016 bytes), more than the limit of 10000 bytes");
        // ...and the decompressed byte count catches data beyond what the header announces.
        byte[] trailing = Arrays.copyOf(raw, raw.length + 100);
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(gzip(trailing)), "t.gz", 24))
                .hasMessage("t.gz: the data is larger than the limit of 24 bytes");
    }
}
