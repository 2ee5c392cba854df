package dev.myelin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.data.Idx;
import dev.myelin.ModelFile;
import dev.myelin.io.NetworkJson;
import dev.myelin.tensor.Precision;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed seed corpora are exactly what {@link SeedCorpus} makes, and every seed loads. */
class SeedCorpusTest {

    @BeforeAll
    static void writeIfAsked() throws Exception {
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            SeedCorpus.write();
        }
    }

    @Test
    void committedSeedsMatchTheGenerator() throws Exception {
        for (Map.Entry<String, Map<String, byte[]>> dir : SeedCorpus.all().entrySet()) {
            for (Map.Entry<String, byte[]> seed : dir.getValue().entrySet()) {
                Path file = SeedCorpus.RESOURCES.resolve(dir.getKey()).resolve(seed.getKey());
                assertThat(file).as("seed %s (rewrite with -Dfuzz.writeSeeds=true)", file).exists();
                assertThat(Files.readAllBytes(file)).as("seed %s", file).isEqualTo(seed.getValue());
            }
        }
    }

    @Test
    void networkSeedsLoad() {
        for (byte[] seed : SeedCorpus.networkJson().values()) {
            Precision p = (seed[0] & 1) == 0 ? Precision.FLOAT32 : Precision.FLOAT64;
            String json = new String(seed, 1, seed.length - 1, StandardCharsets.UTF_8);
            assertThat(NetworkJson.read(json, p, 7).layers()).isNotEmpty();
        }
    }

    @Test
    void modelSeedsLoad(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, byte[]> seed : SeedCorpus.modelFiles().entrySet()) {
            Path file = dir.resolve(seed.getKey());
            Files.write(file, seed.getValue());
            assertThat(ModelFile.load(file, null, ModelFileFuzzTest.MAX_BYTES).network().layers()).isNotEmpty();
        }
    }

    @Test
    void csvSeedsLoad(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, String> seed : SeedCorpus.csvTables().entrySet()) {
            Path file = dir.resolve(seed.getKey());
            Files.writeString(file, seed.getValue());
            assertThat(dev.myelin.dataset.CsvTable.read(file, null, dev.myelin.dataset.CsvTable.LabelMode.REQUIRED, null,
                    CsvFuzzTest.MAX_BYTES).rows()).as(seed.getKey()).isGreaterThanOrEqualTo(3);
        }
        for (String name : new String[] {"classes.csv", "regression.csv"}) {
            assertThat(dev.myelin.playground.CsvData.parse(name, SeedCorpus.csvTables().get(name), null).rows()).isEqualTo(12);
        }
    }

    @Test
    void checkpointSeedLoads() throws Exception {
        CheckpointFuzzTest.fuzzerTestOneInput(CheckpointFuzzTest.validManifest());
        assertThat(dev.myelin.Checkpoint.load(CheckpointFuzzTest.DIR, new dev.myelin.optim.Adam(0.01)).epochsDone()).isEqualTo(3);
    }

    @Test
    void idxSeedsLoad() throws Exception {
        for (Map.Entry<String, byte[]> seed : SeedCorpus.idx().entrySet()) {
            byte[] b = seed.getValue();
            ByteArrayInputStream in = new ByteArrayInputStream(b, 1, b.length - 1);
            if (b[0] == 0) {
                assertThat(Idx.readImages(in, seed.getKey(), IdxFuzzTest.MAX_BYTES).rows()).isEqualTo(3);
            } else {
                assertThat(Idx.readLabels(in, seed.getKey(), IdxFuzzTest.MAX_BYTES)).containsExactly(0, 1, 2);
            }
        }
    }
}
