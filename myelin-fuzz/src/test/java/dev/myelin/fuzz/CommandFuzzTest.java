package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the commands as a user runs them — {@code train} on a CSV, then {@code evaluate},
 * {@code predict} and {@code summary} on the model it saved, or on a model file whose header was
 * grown — in this JVM through {@link Main#commandLine()}. A fuzz input is a small recipe that
 * expands to inputs large enough to reach the limits (libFuzzer's inputs stay near 4 KB, the limits are
 * far beyond): byte 0 picks the kind, bytes 1–4 a size, the rest the texture of cells and names.
 *
 * <ol start="0">
 *   <li>a wide CSV: 1 to 70,000 columns (the limit is 65,536) and a few rows;
 *   <li>many classes: 1 to 3,000 distinct text labels (the limit is 1,000 named, 20 inferred);
 *   <li>a long header name: 1 to 2,000 characters (the limit is 256);
 *   <li>the texture itself as the CSV;
 *   <li>a trained model whose header metadata grew by up to 2,000 entries of up to 4 KB;
 *   <li>a model whose header length is up to 120 MB (the limit is 100 MB), padded with spaces.
 * </ol>
 *
 * The contract, for every command: exit 0, 1 or 2; a failure's first line is {@code error: ...}
 * without a stack trace or an internal error; never out of memory (the fuzz JVM has 1 GB); and an
 * input takes less than {@link Outcome#SLOW_MILLIS}. The default build replays the seeds in
 * {@code CommandFuzzTestInputs/commands} (one per kind, sizes past each limit); {@code -Pfuzz} fuzzes.
 */
public class CommandFuzzTest {
    private static final Path DIR = Scratch.file("commands");
    private static final byte[] TRAINED = trainedModel();

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 5) {
            return;
        }
        int kind = (data[0] & 0xff) % 6;
        int size = ByteBuffer.wrap(data, 1, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0x7fffffff;
        byte[] texture = java.util.Arrays.copyOfRange(data, 5, data.length);
        Outcome.expect(() -> {
            if (kind <= 3) {
                Path csv = DIR.resolve("data.csv");
                Files.write(csv, csv(kind, size, texture));
                Path model = DIR.resolve("m.safetensors");
                Files.deleteIfExists(model);
                if (run("train", "--data", csv.toString(), "--epochs", "1", "--layers", "2", "--batch", "16",
                        "--validation-split", "0", "--save", model.toString()) == 0) {
                    commandsOn(model, csv);
                }
            } else {
                Path model = DIR.resolve("grown.safetensors");
                Files.write(model, kind == 4 ? withMetadata(TRAINED, size % 2001, texture) : padded(TRAINED, size % 120_000_001));
                commandsOn(model, fixedCsv());
            }
        });
    }

    @FuzzTest
    void commands(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The seed recipes, each past a limit or just inside it: kind, size, texture. */
    static java.util.Map<String, byte[]> seeds() {
        java.util.Map<String, byte[]> s = new java.util.LinkedHashMap<>();
        s.put("wide-70000-columns", recipe(0, 69_999, "12345"));
        s.put("wide-100-columns", recipe(0, 99, "7"));
        s.put("classes-1500", recipe(1, 1499, ""));
        s.put("classes-15", recipe(1, 14, ""));
        s.put("header-name-1000-chars", recipe(2, 999, ""));
        s.put("raw-csv", recipe(3, 0, "a,b,label\n1,2,x\n3,4,y\n5,6,x\n"));
        s.put("metadata-2000-entries", recipe(4, 2000, "provenance"));
        s.put("header-101-MB", recipe(5, 101_000_000, ""));
        s.put("header-padded-5000", recipe(5, 5000, ""));
        return s;
    }

    static byte[] recipe(int kind, int size, String texture) {
        byte[] t = texture.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(5 + t.length).put((byte) kind).putInt(size).put(t).array();
    }

    private static void commandsOn(Path model, Path csv) {
        run("summary", "--model", model.toString());
        run("evaluate", "--model", model.toString(), "--data", csv.toString());
        run("predict", "--model", model.toString(), "--input", csv.toString(), "--json");
    }

    /** The CSV of a kind, from the size and the texture. */
    static byte[] csv(int kind, int size, byte[] texture) {
        StringBuilder b = new StringBuilder();
        switch (kind) {
            case 0 -> {
                int columns = 1 + size % 70_000;
                for (int c = 0; c < columns; c++) {
                    b.append(c == 0 ? "" : ",").append(c == columns - 1 ? "label" : "c" + c);
                }
                b.append('\n');
                for (int r = 0; r < 1 + texture.length % 4; r++) {
                    for (int c = 0; c < columns; c++) {
                        b.append(c == 0 ? "" : ",").append(texture.length == 0 ? r : texture[(r * 31 + c) % texture.length] % 10);
                    }
                    b.append('\n');
                }
            }
            case 1 -> {
                int classes = 1 + size % 3000;
                b.append("x1,x2,label\n");
                for (int r = 0; r < classes; r++) {
                    b.append(r % 7).append(',').append(r % 13 * 0.5).append(",k").append(r).append('\n');
                }
            }
            case 2 -> {
                b.append("x".repeat(1 + size % 2000)).append(",label\n");
                for (int r = 0; r < 8; r++) {
                    b.append(r).append(',').append(r % 2).append('\n');
                }
            }
            default -> b.append(new String(texture, StandardCharsets.ISO_8859_1));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The model file with {@code entries} more metadata strings (keys and values cut from the texture). */
    static byte[] withMetadata(byte[] model, int entries, byte[] texture) {
        long headerLength = ByteBuffer.wrap(model, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(model, 8, (int) headerLength, StandardCharsets.UTF_8);
        StringBuilder extra = new StringBuilder();
        String text = new String(texture, StandardCharsets.ISO_8859_1).replaceAll("[^A-Za-z0-9 ._-]", "_");
        for (int i = 0; i < entries; i++) {
            String value = text.isEmpty() ? "v" : text.repeat(1 + 4096 / Math.max(1, text.length())).substring(0, Math.min(4096, (i * 97) % 4097));
            extra.append("\"x.").append(i).append("\":\"").append(value).append("\",");
        }
        String grown = header.replaceFirst("\"__metadata__\"\\s*:\\s*\\{", "\"__metadata__\":{" + java.util.regex.Matcher.quoteReplacement(extra.toString()));
        return reassemble(grown.getBytes(StandardCharsets.UTF_8), model, headerLength);
    }

    /** The model file with its header padded by spaces to {@code length} bytes (when longer than it is). */
    static byte[] padded(byte[] model, int length) {
        long headerLength = ByteBuffer.wrap(model, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = new byte[(int) Math.max(headerLength, length)];
        java.util.Arrays.fill(header, (byte) ' ');
        System.arraycopy(model, 8, header, 0, (int) headerLength);
        return reassemble(header, model, headerLength);
    }

    private static byte[] reassemble(byte[] header, byte[] model, long oldHeaderLength) {
        int dataStart = 8 + (int) oldHeaderLength;
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + model.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(model, dataStart, model.length - dataStart);
        return out.array();
    }

    private static Path fixedCsv() throws IOException {
        Path csv = DIR.resolve("fixed.csv");
        if (!Files.exists(csv)) {
            Files.write(csv, csv(2, 0, new byte[0]));
        }
        return csv;
    }

    private static byte[] trainedModel() {
        try {
            Files.createDirectories(DIR);
            Path model = DIR.resolve("trained.safetensors");
            int exit = run("train", "--data", fixedCsv().toString(), "--epochs", "1", "--layers", "2", "--save", model.toString());
            if (exit != 0) {
                throw new IllegalStateException("the seed model did not train (exit " + exit + ")");
            }
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command; throws a finding if it breaks the contract, else returns its exit code. */
    static synchronized int run(String... args) {
        StringWriter err = new StringWriter();
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream rawErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(rawErr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(ByteArrayOutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        int code;
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(Writer.NULL, true));
            code = cl.execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String e = (err + rawErr.toString(StandardCharsets.UTF_8)).strip();
        String first = e.lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("");
        String what = args[0] + " (exit " + code + "): " + (first.length() > 300 ? first.substring(0, 300) + "…" : first);
        if (code < 0 || code > 2) {
            throw new Outcome.FuzzFinding("unexpected exit code of " + what, null);
        }
        if (code != 0 && !first.startsWith("error: ")) {
            throw new Outcome.FuzzFinding("a failure without an error sentence: " + what, null);
        }
        if (e.contains("\tat ") || e.contains("internal error") || e.contains("heap is too small")) {
            throw new Outcome.FuzzFinding("a stack trace, internal error or out of memory: " + what, null);
        }
        return code;
    }

    /** A writer that drops everything (the commands' standard output). */
    private static final class Writer extends java.io.Writer {
        static final Writer NULL = new Writer();

        @Override
        public void write(char[] cbuf, int off, int len) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
