package dev.myelin.fuzz.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Checkpoint;
import dev.myelin.ModelFile;
import dev.myelin.io.SafeTensors;
import dev.myelin.layers.Parameter;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of training: {@code myelin train --checkpoint-dir} runs in a child JVM and is killed
 * with SIGKILL at random moments (seeded), up to {@link #KILLS} times per trial, each time resumed
 * with {@code train --resume}. After every kill, everything in the checkpoint folder that is not a
 * leftover temporary file must load ({@link Checkpoint#load} of the newest; in every complete
 * checkpoint, one with a manifest, the model file and the optimizer file's header), and the saved
 * model, if there, must load. At the end, the model's
 * weights must equal, bit for bit, those of an uninterrupted run with the same settings.
 *
 * <p>{@code crash.trials} (5) sets the number of trials; {@code scripts/reliability/crash-resume.sh}
 * runs more.
 */
class CrashResumeTest {
    static final int TRIALS = Integer.getInteger("crash.trials", 5);
    static final int EPOCHS = 25;
    static final int KILLS = 2;

    @Test
    void killedTrainingResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        Path refDir = Files.createDirectories(dir.resolve("reference"));
        Path log = dir.resolve("train.log");
        long t0 = System.nanoTime();
        int code = TrainingProcess.run(TrainingProcess.trainArgs(EPOCHS, refDir.resolve("ck"), refDir.resolve("model.safetensors")),
                refDir, log, 300);
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(code).as("the uninterrupted run's exit code; see %s", log).isZero();
        Map<String, Parameter> reference = ModelFile.load(refDir.resolve("model.safetensors")).network().namedParameters();

        Random random = new Random(2024);
        int mismatches = 0, kills = 0, checkedFiles = 0, leftovers = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path work = Files.createDirectories(dir.resolve("trial-" + trial));
            Path ck = work.resolve("ck");
            Path save = work.resolve("model.safetensors");
            for (int k = 0; k < KILLS; k++) {
                List<String> args = Files.exists(ck.resolve(Checkpoint.LATEST)) ? TrainingProcess.resumeArgs(ck, save)
                        : TrainingProcess.trainArgs(EPOCHS, ck, save);
                Process p = TrainingProcess.start(args, work, log);
                long delay = 200 + (long) (random.nextDouble() * fullMillis * 0.8);
                if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    kills++;
                }
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                int[] counts = checkEverythingLoads(ck, save);
                checkedFiles += counts[0];
                leftovers += counts[1];
            }
            List<String> finish = Files.exists(ck.resolve(Checkpoint.LATEST)) ? TrainingProcess.resumeArgs(ck, save)
                    : TrainingProcess.trainArgs(EPOCHS, ck, save);
            assertThat(TrainingProcess.run(finish, work, log, 300)).as("trial %d: the resumed run's exit code; see %s", trial, log)
                    .isZero();
            Map<String, Parameter> resumed = ModelFile.load(save).network().namedParameters();
            if (!sameBits(reference, resumed)) {
                mismatches++;
            }
        }
        System.out.printf("crash-resume: %d trials, %d kills, %d files checked after kills, %d leftover temp files, %d mismatches%n",
                TRIALS, kills, checkedFiles, leftovers, mismatches);
        assertThat(mismatches).as("trials whose final weights differ from the uninterrupted run").isZero();
    }

    /**
     * Checks the state a kill left: the newest checkpoint loads, every model file of a complete
     * checkpoint (one with a manifest) loads, the saved model loads if it exists. Returns {files
     * checked, leftover temporary files}.
     */
    static int[] checkEverythingLoads(Path ck, Path save) throws IOException {
        int checked = 0, leftovers = 0;
        if (Files.exists(ck.resolve(Checkpoint.LATEST))) {
            Checkpoint.load(ck, Optimizers.create("adam", 0.001));
            checked++;
        }
        if (Files.isDirectory(ck)) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(ck)) {
                all = new ArrayList<>(s.filter(Files::isRegularFile).toList());
            }
            for (Path f : all) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    leftovers++;
                } else if (Files.exists(f.getParent().resolve("manifest.json"))) {
                    if (name.equals("model.safetensors")) {
                        ModelFile.load(f);
                    } else if (name.endsWith(".safetensors")) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                            SafeTensors.readHeader(ch, f);
                        }
                    }
                    checked++;
                }
            }
        }
        if (Files.exists(save)) {
            ModelFile.load(save);
            checked++;
        }
        return new int[] {checked, leftovers};
    }

    static boolean sameBits(Map<String, Parameter> a, Map<String, Parameter> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Parameter> e : a.entrySet()) {
            Matrix x = e.getValue().value(), y = b.get(e.getKey()).value();
            if (x.size() != y.size() || x.isFloat() != y.isFloat()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                boolean same = x.isFloat() ? Float.floatToRawIntBits(x.floats()[i]) == Float.floatToRawIntBits(y.floats()[i])
                        : Double.doubleToRawLongBits(x.doubles()[i]) == Double.doubleToRawLongBits(y.doubles()[i]);
                if (!same) {
                    return false;
                }
            }
        }
        return true;
    }
}
