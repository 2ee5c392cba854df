package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.cli.Main;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The playground's exports run outside it: the {@code ./myelin train} line parses and trains with
 * the command's real flags, and the Java snippet compiles, trains and saves a model file whose info
 * (feature crosses, classes) lets {@code ./myelin evaluate} score it.
 */
class PlaygroundExportTest {
    static Session trained(String json) throws Exception {
        Session s = new Session("t", PlaygroundConfig.fromJson(new ObjectMapper().readTree(json)));
        s.control("play");
        s.train(3, Long.MAX_VALUE);
        return s;
    }

    static int cli(StringWriter out, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void theExportedTrainLineRunsWithTheCommandsOwnFlags(@TempDir Path dir) throws Exception {
        Session s = trained("{\"dataset\":\"xor\",\"points\":300,\"features\":[\"x1\",\"x2\",\"x1x2\"],"
                + "\"layers\":[{\"units\":4,\"activation\":\"tanh\"},{\"units\":3,\"activation\":\"relu\"}],"
                + "\"learningRate\":0.1,\"regularization\":\"l2\",\"regularizationRate\":0.001}");
        String command = Exporter.command(s);
        String line = command.lines().findFirst().orElseThrow();
        assertThat(command).contains("# differs from the playground's weights: per-layer activations tanh,relu");
        List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        assertThat(args.subList(0, 2)).containsExactly("./myelin", "train");
        assertThat(args).contains("--features", "x1,x2,x1x2", "--samples", "300", "--test-split", "0.5", "--seed", "42");
        args = new ArrayList<>(args.subList(1, args.size()));
        Path model = dir.resolve("exported.safetensors");
        args.set(args.indexOf("--save") + 1, model.toString());
        StringWriter out = new StringWriter();
        assertThat(cli(out, args.toArray(String[]::new))).as(out.toString()).isZero();
        Model m = ModelFile.load(model);
        assertThat(m.network().inputs()).isEqualTo(3);
        assertThat(m.info().featureCrosses()).containsExactly("x1", "x2", "x1x2");
        assertThat(m.network().parameters()).hasSameSizeAs(s.network().parameters());
    }

    @Test
    void theJavaSnippetCompilesTrainsAndSavesAModelThatEvaluateScores(@TempDir Path dir) throws Exception {
        Session s = trained("{\"dataset\":\"circle\",\"points\":200,\"features\":[\"x1\",\"x2\",\"x1sq\",\"x2sq\"],"
                + "\"layers\":[{\"units\":4,\"activation\":\"tanh\"}],\"learningRate\":0.1}");
        Path model = dir.resolve("snippet.safetensors");
        String source = Exporter.java(s).replace("Path.of(\"playground.safetensors\")",
                "Path.of(\"" + model.toString().replace("\\", "\\\\") + "\")");
        Path src = dir.resolve("PlaygroundModel.java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-d", dir.toString(), "-classpath",
                System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector"), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src)).call();
        assertThat(ok).as(diagnostics.toString()).isTrue();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("PlaygroundModel").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
        Model m = ModelFile.load(model);
        assertThat(m.info().featureCrosses()).containsExactly("x1", "x2", "x1sq", "x2sq");
        assertThat(m.info().classNames()).hasSize(2);
        StringWriter out = new StringWriter();
        assertThat(cli(out, "evaluate", "--model", model.toString(), "--data", "circle", "--samples", "200"))
                .as(out.toString()).isZero();
        assertThat(out.toString()).containsIgnoringCase("accuracy");
    }
}
