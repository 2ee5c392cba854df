package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.data.Idx;
import dev.myelin.data.IdxFormatException;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the IDX reader ({@link Idx}, MNIST's format, plain or gzip): any bytes give images or
 * labels, or an {@link IdxFormatException} naming the file. Input: the first byte picks images
 * (even) or labels (odd); the rest is the file. The size limit is {@link #MAX_BYTES}, so a header
 * claiming more must fail before allocating.
 */
public class IdxFuzzTest {
    static final long MAX_BYTES = 1 << 20;

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean images = (data[0] & 1) == 0;
        ByteArrayInputStream in = new ByteArrayInputStream(data, 1, data.length - 1);
        if (images) {
            Outcome.expect(() -> Idx.readImages(in, "fuzz-images.idx", MAX_BYTES), IdxFormatException.class);
        } else {
            Outcome.expect(() -> Idx.readLabels(in, "fuzz-labels.idx", MAX_BYTES), IdxFormatException.class);
        }
    }

    @FuzzTest
    void idx(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
