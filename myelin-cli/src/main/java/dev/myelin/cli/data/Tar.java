package dev.myelin.cli.data;

import dev.myelin.cli.base.CliException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads the few entries we want from a gzip-compressed tar archive (an npm package): 512-byte
 * headers (name at offset 0, size in octal at 124, type at 156, ustar prefix at 345), each entry's
 * data padded to 512 bytes. Only regular files the caller asks for are written, to paths the caller
 * chooses, so names in the archive can never point outside the target folder.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /**
     * Extracts the entries for which {@code target} returns a path; returns entry name → path.
     *
     * @param maxBytes the largest entry accepted
     */
    static Map<String, Path> extract(InputStream raw, Function<String, Path> target, long maxBytes) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        byte[] header = new byte[BLOCK];
        byte[] buf = new byte[1 << 16];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return out; // archives may end without the two zero blocks
            }
            if (isZero(header)) {
                return out;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty() && header[257] == 'u') {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            byte type = header[156];
            Path dest = (type == '0' || type == 0) ? target.apply(name) : null;
            if (dest != null && size > maxBytes) {
                throw new CliException("the archive's entry " + name + " is " + size + " bytes, more than the " + maxBytes + " expected");
            }
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (dest != null) {
                try (OutputStream os = Files.newOutputStream(dest)) {
                    copy(in, os, size, buf);
                }
                in.skipNBytes(padded - size);
                out.put(name, dest);
            } else {
                in.skipNBytes(padded);
            }
        }
    }

    private static void copy(InputStream in, OutputStream os, long size, byte[] buf) throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("the archive ends inside an entry");
            }
            os.write(buf, 0, n);
            left -= n;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).strip();
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) {
            throw new IOException("the archive uses a binary size field, which this reader does not support");
        }
        String s = text(b, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("the archive has a malformed size field \"" + s + "\"");
        }
    }
}
