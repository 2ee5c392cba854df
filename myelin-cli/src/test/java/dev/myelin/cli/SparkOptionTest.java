package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --spark from the command line's side (training on Spark itself is tested in myelin-spark). */
class SparkOptionTest {

    private static Path csv(Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 7).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(f, sb);
        return f;
    }

    private static void assertOneLineError(Cli.Result r, int code, String message) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.err().strip()).as(r.toString()).isEqualTo("error: " + message);
    }

    @Test
    void aBadMasterIsAUsageError(@TempDir Path dir) throws Exception {
        assertOneLineError(Cli.run("train", "--data", csv(dir).toString(), "--epochs", "1", "--save", dir.resolve("m.safetensors").toString(),
                "--spark", "yarn"), 2, "--spark takes local[N] or spark://host:port, got yarn");
    }

    @Test
    void flagsThatNeedTheLocalLoopAreRefused(@TempDir Path dir) throws Exception {
        assertOneLineError(Cli.run("train", "--data", csv(dir).toString(), "--epochs", "1", "--save", dir.resolve("m.safetensors").toString(),
                "--spark", "local[2]", "--diagnostics"), 2,
                "--spark trains with checkpoints of its own: --resume, --checkpoint-dir and --diagnostics work without it");
    }

    @Test
    void withoutMyelinSparkOnTheClasspathItSaysHowToGetIt(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.run("train", "--data", csv(dir).toString(), "--epochs", "1", "--save", dir.resolve("m.safetensors").toString(),
                "--spark", "local[2]");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("--spark needs myelin-spark and Spark on the classpath");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }
}
