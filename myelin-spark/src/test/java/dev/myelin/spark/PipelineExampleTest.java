package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/spark/MyelinPipelineExample.java, compiled as it is against this module and run: it fits a
 * pipeline (assembler, scaler, MyelinClassifier), saves it, reloads it, and both score the same.
 */
class PipelineExampleTest {
    private static final Path EXAMPLE = Path.of("../examples/spark/MyelinPipelineExample.java");

    @Test
    void theExampleFitsSavesAndReloadsAPipeline(@TempDir Path dir) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", classpath, "-proc:none", EXAMPLE.toString());
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();

        SparkTests.stop(); // the example starts (and stops) its own session
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("MyelinPipelineExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {"local[2]", dir.resolve("pipeline").toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("test accuracy: fitted ([0-9.]+), reloaded ([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("a circle needs the hidden layers").isGreaterThan(0.9);
        assertThat(m.group(2)).isEqualTo(m.group(1));
        try (var stages = Files.list(dir.resolve("pipeline/stages"))) {
            List<Path> myelin = stages.filter(p -> p.getFileName().toString().startsWith("2_myelinClassifier")).toList();
            assertThat(myelin).singleElement().satisfies(p -> assertThat(p.resolve("model.safetensors")).isRegularFile());
        }
    }
}
