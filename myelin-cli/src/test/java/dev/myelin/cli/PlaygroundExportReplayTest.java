package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.layers.Parameter;
import dev.myelin.playground.PlaygroundServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground's exports reproduce its run (issue 14, fix 9): a session trained for a few epochs
 * in the playground, its exported {@code ./myelin train} line run through {@link Main} in-process,
 * and its exported Java program compiled with the JDK's javac and run, all give the playground's
 * weights bit for bit — one training loop ({@code TrainingRun}), one split rule, float64 throughout.
 * {@code ./myelin evaluate} then reads the program's model file.
 */
class PlaygroundExportReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static PlaygroundServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aSyntheticSetWithCrossesTwoHiddenLayersDropoutAndAdam() throws Exception {
        String id = session("{\"dataset\":\"spiral\",\"points\":240,\"noise\":10,\"dataSeed\":5,\"ratio\":70,"
                + "\"features\":[\"x1\",\"x2\",\"x1sq\",\"sinx2\"],\"layers\":[{\"units\":6,\"activation\":\"tanh\",\"dropout\":0.1},"
                + "{\"units\":4,\"activation\":\"tanh\",\"dropout\":0.1}],\"optimizer\":\"adam\",\"learningRate\":0.01,"
                + "\"batch\":16,\"initSeed\":123,\"regularization\":\"l2\",\"regularizationRate\":0.001}");
        steps(id, 4);
        Model playground = ModelFile.fromBytes(bytes(id, "export/model"), "the exported model");
        JsonNode code = JSON.readTree(get(id, "export/code"));
        String command = code.get("command").asText();
        assertThat(command).doesNotContain("\n#").contains("--data-seed 5").contains("--test-split 0.3").contains("--epochs 4");

        Model cli = runCommand(command, null);
        assertSameWeights(cli, playground);
        assertThat(cli.info().featureCrosses()).isEqualTo(List.of("x1", "x2", "x1sq", "sinx2"));

        Path program = runJava(code.get("java").asText(), null);
        assertSameWeights(ModelFile.load(program), playground);
        Cli.Result evaluated = Cli.run("evaluate", "--model", program.toString(), "--data", "spiral", "--samples", "240",
                "--noise", "10", "--seed", "5");
        assertThat(evaluated.code()).as(evaluated.toString()).isZero();
        assertThat(evaluated.out()).contains("accuracy");
    }

    @Test
    void anUploadedCsvWithThreeClassesStandardizedAndMomentum() throws Exception {
        StringBuilder csv = new StringBuilder("height,\"weight, kg\",age,kind\n");
        java.util.Random r = new java.util.Random(3);
        String[] kinds = {"oak", "ash", "elm"};
        for (int i = 0; i < 90; i++) {
            int k = i % 3;
            csv.append(String.format(Locale.ROOT, "%.3f,%.2f,%d,%s%n", 10 + 4 * k + r.nextGaussian(), 50 + 10 * r.nextGaussian(),
                    20 + r.nextInt(40), kinds[k]));
        }
        Path file = dir.resolve("trees.csv");
        Files.writeString(file, csv);
        String id = session("{}");
        HttpResponse<String> up = post("/api/sessions/" + id + "/csv",
                JSON.writeValueAsString(Map.of("name", "trees.csv", "text", csv.toString())));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        HttpResponse<String> c = post("/api/sessions/" + id + "/config", "{\"dataset\":\"csv\",\"ratio\":60,\"dataSeed\":11,"
                + "\"layers\":[{\"units\":5,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"relu\"}],"
                + "\"optimizer\":\"momentum\",\"learningRate\":0.05,\"batch\":8,\"initSeed\":77}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        steps(id, 3);
        Model playground = ModelFile.fromBytes(bytes(id, "export/model"), "the exported model");
        JsonNode code = JSON.readTree(get(id, "export/code"));
        String command = code.get("command").asText();
        assertThat(command).doesNotContain("\n#").contains("--data trees.csv").contains("--scale standard");

        Model cli = runCommand(command, file);
        assertSameWeights(cli, playground);
        assertThat(cli.info().classNames()).isEqualTo(List.of("ash", "elm", "oak"));
        assertThat(cli.info().scaler().offset()).isEqualTo(playground.info().scaler().offset());

        Path program = runJava(code.get("java").asText(), file);
        assertSameWeights(ModelFile.load(program), playground);
        Cli.Result evaluated = Cli.run("evaluate", "--model", program.toString(), "--data", file.toString());
        assertThat(evaluated.code()).as(evaluated.toString()).isZero();
        assertThat(evaluated.out()).contains("accuracy");
    }

    @Test
    void aHandEditIsNamedInTheCommand() throws Exception {
        String id = session("{\"initSeed\":9}");
        steps(id, 1);
        assertThat(post("/api/sessions/" + id + "/weight", "{\"layer\":0,\"from\":0,\"to\":0,\"value\":0.5}").statusCode())
                .isEqualTo(200);
        String command = JSON.readTree(get(id, "export/code")).get("command").asText();
        assertThat(command).contains("\n# differs from the playground's weights: weights were edited by hand");
    }

    /** Runs the first line of {@code command} through {@link Main}, saving into the temp folder (and reading {@code csv}). */
    private Model runCommand(String command, Path csv) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.lines().findFirst().orElseThrow().split(" ")));
        assertThat(args.subList(0, 2)).containsExactly("./myelin", "train");
        args = new ArrayList<>(args.subList(1, args.size()));
        Path saved = dir.resolve("cli.safetensors");
        args.set(args.indexOf("--save") + 1, saved.toString());
        if (csv != null) {
            args.set(args.indexOf("--data") + 1, csv.toString());
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return ModelFile.load(saved);
    }

    /** Compiles the exported program with javac and runs it in a new JVM in its own folder; returns the file it saved. */
    private Path runJava(String source, Path csv) throws Exception {
        Path src = Files.createDirectories(dir.resolve("program"));
        Files.writeString(src.resolve("PlaygroundModel.java"), source);
        String cp = System.getProperty("java.class.path");
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", src.toString(),
                src.resolve("PlaygroundModel.java").toString());
        assertThat(javac).as("javac of the exported program:\n" + source).isZero();
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaExe.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                src + java.io.File.pathSeparator + cp, "PlaygroundModel"));
        if (csv != null) {
            cmd.add(csv.toString());
        }
        Process p = new ProcessBuilder(cmd).directory(src.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return src.resolve("playground.safetensors");
    }

    /** Every parameter, by name, bit for bit (both are float64 networks). */
    static void assertSameWeights(Model actual, Model expected) {
        List<Parameter> a = actual.network().parameters();
        List<Parameter> e = expected.network().parameters();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < e.size(); i++) {
            double[][] av = a.get(i).value().toArray();
            double[][] ev = e.get(i).value().toArray();
            assertThat(av).as("parameter %d (%s)", i, e.get(i).name()).isDeepEqualTo(ev);
        }
    }

    private static void steps(String id, int epochs) throws Exception {
        for (int i = 0; i < epochs; i++) {
            HttpResponse<String> r = post("/api/sessions/" + id + "/control", "{\"action\":\"step\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(JSON.readTree(get(id, "frame")).get("epoch").asInt()).isEqualTo(epochs);
    }

    private static String session(String config) throws Exception {
        HttpResponse<String> r = post("/api/sessions", config);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Origin", "http://127.0.0.1:" + server.port()).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String id, String route) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/" + route)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static byte[] bytes(String id, String route) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri("/api/sessions/" + id + "/" + route)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
