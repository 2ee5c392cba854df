package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input gives one clear sentence on stderr, a non-zero exit code (2 for usage errors, 1
 * otherwise), no stack trace, and no output file.
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path good;
    Path out;

    @BeforeEach
    void setUp() throws Exception {
        good = dir.resolve("good.csv");
        Files.writeString(good, "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n");
        out = dir.resolve("model.safetensors");
    }

    private Cli.Result train(Path data, String... more) {
        String[] base = {"train", "--data", data.toString(), "--epochs", "1", "--save", out.toString()};
        return Cli.run(Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new));
    }

    /** One line on stderr starting with "error: ", no stack trace, nothing saved. */
    private void assertCleanFailure(Cli.Result r, int code, String... fragments) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.err()).startsWith("error: ").contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownFlag() {
        assertCleanFailure(train(good, "--colour", "blue"), 2, "error: unknown option '--colour' (see 'myelin train --help')", "myelin train --help");
    }

    @Test
    void missingDataFile() {
        assertCleanFailure(train(dir.resolve("nope.csv")), 1, "no such file", "nope.csv");
    }

    @Test
    void missingModelFile() {
        Cli.Result r = Cli.run("evaluate", "--model", dir.resolve("gone.safetensors").toString(), "--data", good.toString());
        assertCleanFailure(r, 1, "no such model file", "gone.safetensors");
    }

    @Test
    void labelColumnThatDoesNotExist() {
        assertCleanFailure(train(good, "--label", "price"), 1, "good.csv has no column named \"price\"", "a, b, label");
    }

    @Test
    void rowsOfDifferentWidth() throws Exception {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,x\n3,4\n");
        assertCleanFailure(train(ragged), 1, "ragged.csv:3: expected 3 values as in the header, found 2");
    }

    @Test
    void nonNumericCell() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,label\n1,2,x\n3,abc,y\n");
        assertCleanFailure(train(bad), 1, "bad.csv:3:2: expected a number, found \"abc\"");
    }

    @Test
    void nanAndInfiniteCells() throws Exception {
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "a,b,label\n1,NaN,x\n");
        assertCleanFailure(train(nan), 1, "nan.csv:2:2: expected a number, found \"NaN\"");
        Files.writeString(nan, "a,b,label\n1,2,x\n1e999,2,y\n");
        assertCleanFailure(train(nan), 1, "nan.csv:3:1: expected a number, found \"1e999\"");
    }

    @Test
    void malformedQuoting() throws Exception {
        Path bad = dir.resolve("quote.csv");
        Files.writeString(bad, "a,b,label\n1,2,x\n\"3,4,y\n");
        assertCleanFailure(train(bad), 1, "quote.csv:3: malformed CSV");
    }

    @Test
    void emptyDataSet() throws Exception {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "a,b,label\n");
        assertCleanFailure(train(empty), 1, "empty.csv has a header but no data rows");
        Files.writeString(empty, "");
        assertCleanFailure(train(empty), 1, "empty.csv is empty");
    }

    @Test
    void truncatedModelFile() throws Exception {
        Path model = dir.resolve("m.safetensors");
        Cli.Result ok = Cli.run("train", "--data", "xor", "--samples", "50", "--epochs", "1", "--save", model.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        Cli.Result r = Cli.run("evaluate", "--model", cut.toString(), "--data", "xor");
        assertCleanFailure(r, 1, "cut.safetensors");
        Path predicted = dir.resolve("p.csv");
        Files.writeString(predicted, "x1,x2\n1,1\n");
        assertCleanFailure(Cli.run("summary", "--model", cut.toString()), 1, "cut.safetensors");
    }

    @Test
    void tooLargeHeader() throws Exception {
        Path bad = dir.resolve("huge.safetensors");
        byte[] b = new byte[16];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(bad, b);
        assertCleanFailure(Cli.run("summary", "--model", bad.toString()), 1, "huge.safetensors");
    }

    @Test
    void shapeMismatchBetweenModelAndData() throws Exception {
        Path model = dir.resolve("m.safetensors");
        assertThat(Cli.run("train", "--data", "xor", "--samples", "50", "--epochs", "1", "--save", model.toString()).code()).isZero();
        Path three = dir.resolve("three.csv");
        Files.writeString(three, "p,q,r\n1,2,3\n");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--input", three.toString());
        assertCleanFailure(r, 1, "three.csv has no column named \"x1\"");
        Cli.Result img = Cli.run("predict", "--model", model.toString(), "--input", dir.resolve("digit.png").toString());
        assertCleanFailure(img, 1, "no such input file");
    }

    @Test
    void networkFileWithTheWrongInputs() throws Exception {
        Path net = dir.resolve("net.json");
        Files.writeString(net, """
                {"format": "myelin.network", "version": 1, "inputs": 5,
                 "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        assertCleanFailure(train(good, "--network", net.toString()), 1, "net.json takes 5 inputs but the data has 2 features");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertCleanFailure(train(good, "--dropout", "1.5"), 2, "--dropout must be at least 0 and below 1");
        assertCleanFailure(train(good, "--optimizer", "magic"), 2, "unknown optimizer 'magic'");
        assertCleanFailure(train(good, "--epochs", "many"), 2, "--epochs");
        assertCleanFailure(Cli.run("train", "--epochs", "1"), 2, "--data"); // (--save has a default: TrainCommandTest)
        assertCleanFailure(Cli.run("evaluate", "--data", "xor"), 2, "--model");
    }

    @Test
    void unknownLabelInTestSet() throws Exception {
        Path test = dir.resolve("test.csv");
        Files.writeString(test, "a,b,label\n1,2,x\n3,4,zebra\n");
        assertCleanFailure(train(good, "--test", test.toString()), 1, "test.csv:3:3: the label \"zebra\" is not one of the classes x, y");
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli.Result r = train(dir.resolve("nope.csv"), "--debug");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: no such file").contains("\tat ");
    }

    @Test
    void helpAndVersion() {
        for (String cmd : new String[] {"train", "evaluate", "predict", "summary", "data"}) {
            Cli.Result r = Cli.run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: myelin " + cmd);
        }
        Cli.Result v = Cli.run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("myelin ");
    }
}
