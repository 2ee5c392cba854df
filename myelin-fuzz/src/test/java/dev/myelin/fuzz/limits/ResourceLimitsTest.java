package dev.myelin.fuzz.limits;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.dataset.CsvTable;
import dev.myelin.data.Idx;
import dev.myelin.data.IdxFormatException;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set or model larger than the limit it is read with fails before it is read, with its size
 * and the limit in the message — not with an out-of-memory error. The files here are sparse (a set
 * length, no data written), so they take no disk space; the IDX cases lie in their headers.
 */
class ResourceLimitsTest {

    private static Path sparse(Path dir, String name, long bytes) throws Exception {
        Path f = dir.resolve(name);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(bytes);
        }
        return f;
    }

    @Test
    void aModelFileOverTheLimit(@TempDir Path dir) throws Exception {
        Path f = sparse(dir, "big.safetensors", 3L << 30);
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("big.safetensors: the file is 3221225472 bytes, larger than the limit of 2147483648 bytes");
        assertThatThrownBy(() -> ModelFile.load(f, null, 1000))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("big.safetensors: the file is 3221225472 bytes, larger than the limit of 1000 bytes");
    }

    @Test
    void aCsvFileOverTheLimit(@TempDir Path dir) throws Exception {
        Path f = sparse(dir, "big.csv", 2L << 30);
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, dev.myelin.dataset.CsvLimits.DEFAULT.maxBytes()))
                .isInstanceOf(dev.myelin.dataset.DataFormatException.class)
                .hasMessage(f + " is 2147483648 bytes, larger than the limit of 1073741824 bytes");
    }

    @Test
    void anIdxFileOverTheLimit(@TempDir Path dir) throws Exception {
        Path f = sparse(dir, "train-images.idx", 100L << 20);
        assertThatThrownBy(() -> Idx.readImages(f, 64L << 20))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-images.idx: the file is 104857600 bytes, larger than the limit of 67108864 bytes");
    }

    /** A 16-byte header that claims 60,000 images of 28×28 pixels against a 1 MB limit. */
    @Test
    void anIdxHeaderClaimingMoreThanTheLimit() {
        byte[] header = {0, 0, 8, 3, 0, 0, (byte) 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(header), "images.idx", 1 << 20))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("images.idx: the header claims 60000 images of 28×28 pixels (47040016 bytes), more than the limit of 1048576 bytes");
    }

    /** A gzip bomb: 2 MB of zeros behind a 2 kB gzip stream; the limit counts decompressed bytes. */
    @Test
    void anIdxGzipBomb() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            gz.write(new byte[] {0, 0, 8, 1, 0, 0x20, 0, 0});
            gz.write(new byte[2 << 20]);
        }
        byte[] bomb = raw.toByteArray();
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(bomb), "labels.idx.gz", 1 << 20))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("labels.idx.gz: ")
                .hasMessageContaining("limit of 1048576 bytes");
    }
}
