package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.cli.base.Evaluation;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.activations.Activation;
import dev.myelin.cli.data.DataSets;
import dev.myelin.data.Dataset;
import dev.myelin.data.Scaler;
import dev.myelin.dataset.CsvTable;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate and predict read a CSV file in chunks of {@link EvaluateCommand#CHUNK_ROWS} rows: on a file of
 * 8,500 rows (three chunks) their output is that of the whole file scored at once.
 */
class StreamingTest {
    static final int ROWS = 8_500;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path csv;
    Path classifier;
    Path regressor;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ROWS).isGreaterThan(2 * EvaluateCommand.CHUNK_ROWS);
        java.util.Random rnd = new java.util.Random(3);
        StringBuilder sb = new StringBuilder("a,b,kind,y\n");
        for (int i = 0; i < ROWS; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            String kind = a > 0.5 ? "hi" : a < -0.5 ? "lo" : "mid";
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%s,%.5f%n", a, b, kind, 1000 + 300 * a - 200 * b + rnd.nextGaussian()));
        }
        csv = dir.resolve("big.csv");
        Files.writeString(csv, sb.toString());
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{0, 0}, {1, 2}, {-1, -2}}, Precision.FLOAT64));
        Network c = Network.builder(2).dense(5, Activation.TANH).dense(3, Activation.SOFTMAX).seed(4).build();
        classifier = dir.resolve("c.safetensors");
        ModelFile.save(classifier, new Model(c, new ModelInfo(ModelInfo.CLASSIFICATION, List.of("a", "b"), "kind",
                List.of("hi", "lo", "mid"), scaler, List.of(), Map.of())));
        Network r = Network.builder(2).dense(4, Activation.RELU).dense(1, Activation.IDENTITY).seed(5).build();
        regressor = dir.resolve("r.safetensors");
        Scaler target = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{700}, {1300}}, Precision.FLOAT64));
        ModelFile.save(regressor, new Model(r, new ModelInfo(ModelInfo.REGRESSION, List.of("a", "b"), "y", List.of(), scaler,
                List.of(), Map.of(), target)));
    }

    /** The scores of the whole file in memory, as evaluate computed them before it streamed. */
    private Evaluation whole(Path modelFile) throws Exception {
        Model m = ModelFile.load(modelFile);
        ModelInfo info = m.info();
        boolean cls = info.isClassification();
        DataSets.Loaded l = DataSets.load(csv.toString(), new DataSets.Request(info.labelName(), CsvTable.LabelMode.REQUIRED,
                info.featureNames(), info.task(), cls ? info.classNames() : null, 0, 0, 0, List.of(), false),
                new PrintWriter(new StringWriter()));
        Dataset d = ModelInput.prepare(l.data(), m, false);
        return Evaluation.of(m.network(), info.targetScaler(), d, Evaluation.lossOf(m.network(), info), cls, ModelInput.classNames(m));
    }

    @Test
    void evaluateInChunksGivesTheWholeFilesScores() throws Exception {
        Cli.Result r = Cli.run("evaluate", "--model", classifier.toString(), "--data", csv.toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode o = JSON.readTree(r.out());
        Evaluation e = whole(classifier);
        assertThat(o.get("samples").asInt()).isEqualTo(ROWS);
        assertThat(o.get("loss").asDouble()).isCloseTo(e.loss(), within(1e-9 * Math.abs(e.loss())));
        assertThat(o.get("accuracy").asDouble()).isEqualTo(e.accuracy());
        assertThat(JSON.convertValue(o.get("confusion"), long[][].class)).isEqualTo(e.confusion().counts());
        assertThat(o.get("data").asText()).isEqualTo("big.csv (8500 rows)");

        Cli.Result g = Cli.run("evaluate", "--model", regressor.toString(), "--data", csv.toString(), "--json");
        assertThat(g.code()).as(g.toString()).isZero();
        JsonNode q = JSON.readTree(g.out());
        Evaluation f = whole(regressor);
        assertThat(q.get("mse").asDouble()).isCloseTo(f.regression().mse(), within(1e-9 * f.regression().mse()));
        assertThat(q.get("mae").asDouble()).isCloseTo(f.regression().mae(), within(1e-9 * f.regression().mae()));
        assertThat(q.get("r2").asDouble()).isCloseTo(f.regression().r2(), within(1e-9));
        assertThat(q.get("loss").asDouble()).isCloseTo(q.get("mse").asDouble(), within(1e-9 * f.regression().mse()));
    }

    @Test
    void predictInChunksPrintsEveryRowInOrder() throws Exception {
        Cli.Result r = Cli.run("predict", "--model", regressor.toString(), "--input", csv.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("model").asText()).isEqualTo(regressor.toString());
        assertThat(o.get("task").asText()).isEqualTo("regression");
        JsonNode p = o.get("predictions");
        assertThat(p.size()).isEqualTo(ROWS);
        assertThat(p.get(ROWS - 1).get("row").asText()).isEqualTo(Integer.toString(ROWS));
        // the same numbers as the whole file predicted at once (and unscaled: ŷ = a·σ + μ)
        Model m = ModelFile.load(regressor);
        CsvTable t = CsvTable.read(csv, "y", CsvTable.LabelMode.IF_PRESENT, List.of("a", "b"), List.of(),
                dev.myelin.dataset.CsvLimits.DEFAULT);
        Matrix out = m.info().unscaleTargets(m.network().predict(m.info().scaler().transform(t.x())));
        for (int i : new int[] {0, 4095, 4096, 8191, 8192, ROWS - 1}) {
            assertThat(p.get(i).get("value").asDouble()).isEqualTo(out.get(i, 0));
        }
        assertThat(out.get(0, 0)).isBetween(500.0, 1500.0);

        Cli.Result text = Cli.run("predict", "--model", classifier.toString(), "--input", csv.toString());
        assertThat(text.code()).isZero();
        String[] lines = text.out().split("\n");
        assertThat(lines).hasSize(ROWS);
        assertThat(lines[4096]).startsWith("row 4097: ");
        assertThat(lines[ROWS - 1]).startsWith("row 8500: ");
    }

    /** A bad row in the third chunk: evaluate prints nothing but the error; predict has printed the rows before it. */
    @Test
    void aBadRowInALaterChunkIsNamedByItsLine() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(8300, "0.1,zero,mid,3");
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, lines);
        Cli.Result e = Cli.run("evaluate", "--model", classifier.toString(), "--data", bad.toString());
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.out()).isEmpty();
        assertThat(e.err()).contains("bad.csv:8301:2: expected a number, found \"zero\"");
        Cli.Result p = Cli.run("predict", "--model", classifier.toString(), "--input", bad.toString());
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.out().split("\n")).hasSize(2 * EvaluateCommand.CHUNK_ROWS);
        assertThat(p.err()).contains("bad.csv:8301:2");
    }
}
