package dev.myelin.fuzz.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ./myelin ...} command that README.md and docs/CLI.md show in their code blocks, as
 * written, in document order, in one working folder that holds a copy of {@code examples/} (so a
 * later {@code evaluate} finds the model an earlier {@code train} saved). Each must exit 0.
 *
 * <p>Usage synopses (lines with placeholders such as {@code FILE} or {@code [options]}) are not
 * commands. Two commands are not run, for a stated reason: {@code playground} serves until stopped
 * (its routes are tested by {@code PlaygroundErrorsTest} and the playground module) and {@code bench}
 * measures for minutes (its configurations are tested in the command-line module). Every command runs
 * exactly as written except one change the harness makes, and prints: a {@code train} on MNIST gets
 * {@code --epochs 1} (replacing its own), so the eight MNIST trainings take seconds instead of an hour;
 * {@code -Dmyelin.docCommands.asWritten=true} runs them with their own epochs too. The production code
 * has no test hook for this. MNIST comes from the data cache ({@code MYELIN_HOME}, fetched once).
 *
 * <p>Each command runs in its own JVM with the flags {@code ./myelin} uses (C2 included: with
 * {@code -XX:TieredStopAtLevel=1} the Vector API kernels fall back to their Java lambdas and a
 * {@code visualize} of MNIST ran for over six minutes, which is why this test never finished).
 * Opt-in, as it starts 44 JVMs (18 minutes at a load average of 17 on 2 cores, 3.6 minutes of CPU; the
 * MNIST trainings, evaluations and {@code visualize} are most of it):
 * {@code mvn -B -ntp -pl myelin-fuzz -am test -Dtest=DocCommandsTest -Dmyelin.docCommands=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "myelin.docCommands", matches = "true")
class DocCommandsTest {
    @TempDir
    Path work;

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The commands of a markdown file's code blocks: `./myelin ...` lines, continuations joined, comments dropped. */
    static List<String> commands(Path markdown) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inCode = false;
        StringBuilder pending = null;
        for (String raw : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            if (pending != null) {
                pending.append(' ').append(line.endsWith("\\") ? line.substring(0, line.length() - 1).strip() : line);
                if (!line.endsWith("\\")) {
                    out.add(pending.toString());
                    pending = null;
                }
                continue;
            }
            if (line.startsWith("$ ")) {
                line = line.substring(2);
            }
            if (!line.startsWith("./myelin")) {
                continue;
            }
            int comment = line.indexOf(" #");
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.endsWith("\\")) {
                pending = new StringBuilder(line.substring(0, line.length() - 1).strip());
            } else {
                out.add(line);
            }
        }
        return out;
    }

    /** A usage synopsis rather than a command: placeholders such as FILE, DATA, [options]. */
    static boolean isSynopsis(String command) {
        return command.contains("[") || Arrays.stream(command.split("\\s+")).anyMatch(t -> t.matches("[A-Z][A-Z.|_]{2,}(\\.csv|\\.png)?")
                || t.matches("FILE\\.csv\\|IMAGE\\.png"));
    }

    static boolean notRun(String command) {
        return command.startsWith("./myelin playground") || command.startsWith("./myelin bench");
    }

    @Test
    void everyDocumentedCommandRunsAsWritten() throws Exception {
        copyTree(ROOT.resolve("examples"), work.resolve("examples"));
        // the pictures of a digit a user brings to `predict`: a dark stroke on light paper
        java.awt.image.BufferedImage digit = new java.awt.image.BufferedImage(120, 160, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = digit.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(12));
        g.drawLine(20, 20, 100, 20);
        g.drawLine(100, 20, 50, 140);
        g.dispose();
        for (String name : List.of("my-digit.png", "seven.png")) {
            javax.imageio.ImageIO.write(digit, "png", work.resolve(name).toFile());
        }
        List<String> all = new ArrayList<>();
        for (String doc : List.of("README.md", "docs/CLI.md")) {
            all.addAll(commands(ROOT.resolve(doc)));
        }
        assertThat(all).as("the docs show commands").hasSizeGreaterThan(20);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (String command : all) {
            if (isSynopsis(command) || notRun(command)) {
                continue;
            }
            String actual = Boolean.getBoolean("myelin.docCommands.asWritten") ? command : capMnistEpochs(command);
            long start = System.nanoTime();
            Run r = run(actual);
            ran++;
            System.out.printf("DocCommandsTest: %5.1f s  exit %d  %s%n", (System.nanoTime() - start) / 1e9, r.exit,
                    actual.equals(command) ? command : command + "   (run as: " + actual + ")");
            if (r.exit != 0) {
                failures.add(command + "\n    exit " + r.exit + ": " + r.output.lines().filter(l -> l.startsWith("error"))
                        .findFirst().orElse(r.output.length() > 400 ? r.output.substring(r.output.length() - 400) : r.output));
            }
        }
        System.out.println("DocCommandsTest: ran " + ran + " documented commands");
        assertThat(failures).as("documented commands that fail as written").isEmpty();
    }

    /** A {@code train} on MNIST runs one epoch: {@code --epochs N} becomes {@code --epochs 1}, or it is added. */
    static String capMnistEpochs(String command) {
        if (!command.startsWith("./myelin train ") || !command.matches(".*--data[ =]mnist( .*|$)")) {
            return command;
        }
        return command.matches(".*--epochs[ =]\\d+.*") ? command.replaceAll("--epochs[ =]\\d+", "--epochs 1")
                : command + " --epochs 1";
    }

    @Test
    void onlyMnistTrainingIsCapped() {
        assertThat(capMnistEpochs("./myelin train --data mnist --epochs 30 --save m.safetensors"))
                .isEqualTo("./myelin train --data mnist --epochs 1 --save m.safetensors");
        assertThat(capMnistEpochs("./myelin train --data mnist")).isEqualTo("./myelin train --data mnist --epochs 1");
        assertThat(capMnistEpochs("./myelin train --data spiral --epochs 300")).isEqualTo("./myelin train --data spiral --epochs 300");
        assertThat(capMnistEpochs("./myelin evaluate --model m.safetensors --data mnist"))
                .isEqualTo("./myelin evaluate --model m.safetensors --data mnist");
    }

    record Run(int exit, String output) {}

    private Run run(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.substring("./myelin".length()).strip().split("\\s+")));
        args.removeIf(String::isEmpty);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xss4m", "-Xmx2g",
                "-Djava.awt.headless=true", "-cp", cp, "dev.myelin.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        Path log = work.resolve("command.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out");
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
