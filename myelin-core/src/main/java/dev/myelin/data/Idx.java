package dev.myelin.data;

import dev.myelin.tensor.Matrix;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * MNIST's IDX format (LeCun, Cortes &amp; Burges), plain or gzip-compressed (recognized by the gzip
 * magic bytes 1F 8B, whatever the file name). A file is a big-endian header, then unsigned bytes:
 * <pre>
 *   images: magic 0x00000803, count, rows, cols, then count·rows·cols pixels (row-major)
 *   labels: magic 0x00000801, count, then count labels
 * </pre>
 * (The magic is 0, 0, the type code 0x08 = unsigned byte, the number of dimensions.) Every size is
 * checked against the limit {@code maxBytes} before anything is allocated, so a header that claims
 * 2³¹ images fails with a clear message rather than running out of memory; for gzip the limit
 * counts decompressed bytes. A file must end exactly where its header says. Problems are
 * {@link IdxFormatException}s naming the file.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /** Images as rows × (h·w) float32 values pixel/255 in [0, 1]. */
    public static Matrix readImages(Path file, long maxBytes) throws IOException {
        checkFileSize(file, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, String.valueOf(file.getFileName()), maxBytes);
        }
    }

    /** Labels, each 0..255. */
    public static int[] readLabels(Path file, long maxBytes) throws IOException {
        checkFileSize(file, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, String.valueOf(file.getFileName()), maxBytes);
        }
    }

    private static void checkFileSize(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IdxFormatException(String.valueOf(file.getFileName()), "the file is " + size
                    + " bytes, larger than the limit of " + maxBytes + " bytes");
        }
    }

    /** Images from a stream (plain or gzip); {@code name} is used in messages. The stream is not closed. */
    public static Matrix readImages(InputStream raw, String name, long maxBytes) throws IOException {
        InputStream in = open(raw, name, maxBytes);
        int magic = readInt(in, name, "the magic number");
        checkMagic(magic, IMAGES_MAGIC, name, "images");
        long count = readCount(in, name, "the image count");
        long rows = readCount(in, name, "the row count");
        long cols = readCount(in, name, "the column count");
        if (rows == 0 || cols == 0) {
            throw new IdxFormatException(name, "the header says the images are " + rows + "×" + cols + " pixels");
        }
        long pixels = saturatedProduct(rows, cols);
        long total = saturatedProduct(count, pixels);
        if (total > maxBytes - 16) {
            throw new IdxFormatException(name, "the header claims " + count + " images of " + rows + "×" + cols + " pixels ("
                    + (total > Long.MAX_VALUE - 16 ? "over 2^63" : String.valueOf(16 + total)) + " bytes), more than the limit of " + maxBytes + " bytes");
        }
        if (total > Integer.MAX_VALUE - 16 || pixels > Integer.MAX_VALUE) {
            throw new IdxFormatException(name, "the header claims " + count + " images of " + rows + "×" + cols
                    + " pixels, more than one matrix can hold (2^31 values)");
        }
        byte[] bytes = new byte[(int) total];
        readFully(in, bytes, name, "pixel");
        expectEnd(in, name, 16 + total);
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = (bytes[i] & 0xFF) / 255f;
        }
        return Matrix.wrap(values, (int) count, (int) pixels);
    }

    /** Labels from a stream (plain or gzip); {@code name} is used in messages. The stream is not closed. */
    public static int[] readLabels(InputStream raw, String name, long maxBytes) throws IOException {
        InputStream in = open(raw, name, maxBytes);
        int magic = readInt(in, name, "the magic number");
        checkMagic(magic, LABELS_MAGIC, name, "labels");
        long count = readCount(in, name, "the label count");
        if (count > maxBytes - 8) {
            throw new IdxFormatException(name, "the header claims " + count + " labels (" + (8 + count)
                    + " bytes), more than the limit of " + maxBytes + " bytes");
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new IdxFormatException(name, "the header claims " + count + " labels, more than an array can hold");
        }
        byte[] bytes = new byte[(int) count];
        readFully(in, bytes, name, "label");
        expectEnd(in, name, 8 + count);
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    /** Wraps the stream: gzip if it starts with 1F 8B, and a byte counter that enforces the limit. */
    private static InputStream open(InputStream raw, String name, long maxBytes) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        InputStream body = in;
        if (b0 == 0x1F && b1 == 0x8B) {
            try {
                body = new GZIPInputStream(in, 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new IdxFormatException(name, "the file starts like gzip but is not valid gzip (" + why(e) + ")");
            }
        }
        return new Limited(body, name, maxBytes);
    }

    private static String why(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e instanceof EOFException ? "it ends too early" : "unreadable";
    }

    /** a·b for non-negative a, b, or Long.MAX_VALUE if that overflows. */
    private static long saturatedProduct(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static void checkMagic(int magic, int expected, String name, String what) throws IdxFormatException {
        if (magic == expected) {
            return;
        }
        String hint = magic == IMAGES_MAGIC ? " (an images file)" : magic == LABELS_MAGIC ? " (a labels file)" : "";
        throw new IdxFormatException(name, String.format("expected the IDX magic number 0x%08X (%s) but found 0x%08X%s",
                expected, what, magic, hint));
    }

    private static long readCount(InputStream in, String name, String what) throws IOException {
        return Integer.toUnsignedLong(readInt(in, name, what));
    }

    private static int readInt(InputStream in, String name, String what) throws IOException {
        byte[] b = new byte[4];
        readFully(in, b, name, what);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static void readFully(InputStream in, byte[] b, String name, String what) throws IOException {
        int off = 0;
        while (off < b.length) {
            int r;
            try {
                r = in.read(b, off, b.length - off);
            } catch (EOFException | ZipException e) {
                throw new IdxFormatException(name, "the gzip data is damaged or cut short (" + why(e) + ")");
            }
            if (r < 0) {
                throw new IdxFormatException(name, "the file ends after " + off + " of the " + b.length + " bytes of "
                        + (b.length == 4 ? what : what + "s") + " its header announces");
            }
            off += r;
        }
    }

    private static void expectEnd(InputStream in, String name, long expected) throws IOException {
        int extra;
        try {
            extra = in.read();
        } catch (EOFException | ZipException e) {
            throw new IdxFormatException(name, "the gzip data is damaged or cut short (" + why(e) + ")");
        }
        if (extra >= 0) {
            throw new IdxFormatException(name, "the file goes on after the " + expected + " bytes its header announces");
        }
    }

    /** Counts bytes read (decompressed, for gzip) and fails past the limit. */
    private static final class Limited extends FilterInputStream {
        private final String name;
        private final long max;
        private long count;

        Limited(InputStream in, String name, long max) {
            super(in);
            this.name = name;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                add(r);
            }
            return r;
        }

        private void add(long n) throws IdxFormatException {
            count += n;
            if (count > max) {
                throw new IdxFormatException(name, "the data is larger than the limit of " + max + " bytes");
            }
        }
    }
}
