package dev.myelin.fuzz.regression;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.data.Idx;
import dev.myelin.data.IdxFormatException;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Inputs the IDX fuzz target found or that probe its limits; each must end in an {@link IdxFormatException}. */
class IdxRegressionTest {
    private static final long LIMIT = 1 << 20;

    /**
     * Found by IdxFuzzTest in its first minute: a file that is only the gzip magic bytes 1F 8B made
     * {@code new GZIPInputStream} throw a bare {@link java.io.EOFException} (no message) from
     * {@code Idx.open}, which catches only {@code ZipException}.
     */
    @Test
    void gzipHeaderCutShort() {
        byte[] file = {0x1F, (byte) 0x8B};
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(file), "labels.gz", LIMIT))
                .isInstanceOf(IdxFormatException.class).hasMessageStartingWith("labels.gz: ");
        byte[] partHeader = {0x1F, (byte) 0x8B, 0x08, 0x06, 0, 0, 0};
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(partHeader), "images.gz", LIMIT))
                .isInstanceOf(IdxFormatException.class).hasMessageStartingWith("images.gz: ");
    }

    /** A 16-byte header claiming 2³²−1 images of 65535×65535 pixels fails on the limit before allocating. */
    @Test
    void hugeHeaderFailsOnTheLimit() {
        byte[] header = {0, 0, 8, 3, -1, -1, -1, -1, 0, 0, -1, -1, 0, 0, -1, -1};
        assertThatThrownBy(() -> Idx.readImages(new ByteArrayInputStream(header), "images.idx", LIMIT))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("4294967295 images of 65535×65535 pixels")
                .hasMessageContaining("limit of 1048576 bytes");
        byte[] labels = {0, 0, 8, 1, 0x7F, -1, -1, -1};
        assertThatThrownBy(() -> Idx.readLabels(new ByteArrayInputStream(labels), "labels.idx", LIMIT))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("2147483647 labels")
                .hasMessageContaining("limit of 1048576 bytes");
    }
}
