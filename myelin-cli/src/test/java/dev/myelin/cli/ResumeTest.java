package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.layers.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted run continued with {@code train --resume} ends with exactly the weights of an uninterrupted run. */
class ResumeTest {
    @TempDir
    Path dir;

    private static final String[] SETTINGS = {"--data", "circle", "--samples", "240", "--noise", "10", "--layers", "8,8",
        "--dropout", "0.2", "--batch", "16", "--optimizer", "adam", "--lr", "0.01", "--seed", "5"};

    private Cli.Result train(String... more) {
        String[] args = new String[1 + SETTINGS.length + more.length];
        args[0] = "train";
        System.arraycopy(SETTINGS, 0, args, 1, SETTINGS.length);
        System.arraycopy(more, 0, args, 1 + SETTINGS.length, more.length);
        return Cli.run(args);
    }

    @Test
    void resumedRunEndsBitIdentical() throws Exception {
        Path whole = dir.resolve("whole.safetensors");
        Cli.Result a = train("--epochs", "6", "--save", whole.toString());
        assertThat(a.code()).as(a.toString()).isZero();

        Path ckpt = dir.resolve("ckpt");
        Cli.Result b = train("--epochs", "2", "--checkpoint-dir", ckpt.toString(), "--save", dir.resolve("part.safetensors").toString());
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(ckpt.resolve("latest")).hasContent("epoch-2");

        Path resumed = dir.resolve("resumed.safetensors");
        Cli.Result c = Cli.run("train", "--resume", ckpt.toString(), "--epochs", "6", "--save", resumed.toString());
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.out()).contains("resuming after epoch 2").contains("epoch 3/6").contains("epoch 6/6").doesNotContain("epoch 2/6");

        // The same epoch-6 summary line (losses and accuracies) as the uninterrupted run.
        assertThat(lastEpochLine(c.out())).isEqualTo(lastEpochLine(a.out()));
        Model m1 = ModelFile.load(whole);
        Model m2 = ModelFile.load(resumed);
        List<Parameter> p1 = m1.network().parameters();
        List<Parameter> p2 = m2.network().parameters();
        assertThat(p2).hasSameSizeAs(p1);
        for (int i = 0; i < p1.size(); i++) {
            assertThat(p2.get(i).value().floats()).as("parameter " + i).containsExactly(p1.get(i).value().floats());
        }
        assertThat(ckpt.resolve("latest")).hasContent("epoch-6");
    }

    @Test
    void resumeRefusesChangedSettings() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        assertThat(train("--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--save", dir.resolve("m.safetensors").toString())
                .code()).isZero();
        Cli.Result r = Cli.run("train", "--resume", ckpt.toString(), "--lr", "0.5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--lr cannot be changed")
                .isEqualTo("error: --lr cannot be changed when resuming: it was 0.01 in the checkpoint, not 0.5 "
                        + "(only --epochs, --save, --report, --threads, --checkpoint-dir may change)\n");
    }

    @Test
    void resumeAcceptsTheOriginalCommandsFlagsWithTheSameValues() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Path save = dir.resolve("m.safetensors");
        assertThat(train("--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--save", save.toString()).code()).isZero();
        Cli.Result r = train("--epochs", "2", "--resume", ckpt.toString(), "--save", save.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("resuming after epoch 1").contains("epoch 2/2");
    }

    @Test
    void resumeFromAFolderWithoutCheckpoint() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.Result r = Cli.run("train", "--resume", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("has no checkpoint");
    }

    private static String lastEpochLine(String out) {
        return out.lines().filter(l -> l.startsWith("epoch 6/6")).map(l -> l.replaceAll("\\s+[0-9.]+ s\\s+.*$", ""))
                .findFirst().orElse("(none)");
    }

    @Test
    void resumeRefusesADataFileThatChanged() throws Exception {
        Path csv = dir.resolve("d.csv");
        StringBuilder rows = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i % 7).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(csv, rows);
        Path ckpt = dir.resolve("ckpt");
        Cli.Result a = Cli.run("train", "--data", csv.toString(), "--epochs", "1", "--checkpoint-dir", ckpt.toString(),
                "--save", dir.resolve("m.safetensors").toString());
        assertThat(a.code()).as(a.toString()).isZero();
        Files.writeString(csv, "1,2,a\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Result r = Cli.run("train", "--resume", ckpt.toString(), "--epochs", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the --data file " + csv.toAbsolutePath() + " changed since the checkpoint was written ("
                + (Files.size(csv) - 6) + " bytes then, " + Files.size(csv) + " now); resuming needs the same data (train again without --resume)\n");
    }

    @Test
    void aSecondWriterOfTheSameCheckpointFolderIsRefused() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        try (dev.myelin.cli.train.CheckpointLock held = dev.myelin.cli.train.CheckpointLock.acquire(ckpt)) {
            Cli.Result r = train("--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--save", dir.resolve("m.safetensors").toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: another 'myelin train' is writing checkpoints into " + ckpt + " (it holds "
                    + ckpt.resolve("lock") + "); wait for it to end or give another --checkpoint-dir\n");
        }
        assertThat(train("--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--save", dir.resolve("m.safetensors").toString())
                .code()).isZero();
    }
}
