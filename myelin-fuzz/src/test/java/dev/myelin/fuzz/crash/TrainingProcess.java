package dev.myelin.fuzz.crash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code myelin train} in a child JVM (the command line's {@code dev.myelin.cli.Main} on this test's
 * class path), so that it can be killed with SIGKILL ({@link Process#destroyForcibly()}) at any
 * moment, as a power cut or {@code kill -9} would.
 */
final class TrainingProcess {
    /** The settings of every run: a 2-8-8-1 network on 400 spiral points, Adam, dropout, a checkpoint per epoch. */
    static List<String> trainArgs(int epochs, Path checkpoints, Path save) {
        return List.of("train", "--data", "spiral", "--samples", "400", "--noise", "10", "--layers", "8,8",
                "--dropout", "0.1", "--epochs", Integer.toString(epochs), "--batch", "16", "--seed", "7",
                "--threads", "1", "--checkpoint-dir", checkpoints.toString(), "--save", save.toString());
    }

    static List<String> resumeArgs(Path checkpoints, Path save) {
        return List.of("train", "--resume", checkpoints.toString(), "--save", save.toString());
    }

    static Process start(List<String> args, Path workDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xss4m", "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-cp", cp, "dev.myelin.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Runs to the end (at most {@code seconds}); returns the exit code. */
    static int run(List<String> args, Path workDir, Path log, int seconds) throws IOException, InterruptedException {
        Process p = start(args, workDir, log);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("myelin " + String.join(" ", args) + " did not finish in " + seconds + " s; see " + log);
        }
        return p.exitValue();
    }

    private TrainingProcess() {}
}
