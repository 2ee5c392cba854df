package dev.myelin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's package graph, as {@code jdeps -verbose:package} reads it from target/classes: no package
 * cycle at all, the engine never depends on the teaching tools, the layer contract sits below the
 * network and its files, the network engine ({@code dev.myelin.nn}) below the formats, optimizers and
 * training loop that take it, and the kernel package is not exported.
 */
class PackageGraphTest {
    static final Set<String> TEACHING = Set.of("dev.myelin.explain", "dev.myelin.diagnostics", "dev.myelin.gradcheck",
            "dev.myelin.perceptron");

    static Map<String, Set<String>> edges;

    @BeforeAll
    static void readGraph(@TempDir Path tmp) throws IOException {
        Path classes = Path.of("target", "classes");
        // jdeps reads the classes as a plain class path (module-info would make it resolve Jackson's module)
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")).toList()) {
                Path to = tmp.resolve(classes.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        String out = jdeps("-verbose:package", "-e", "dev\\.myelin.*", tmp.toString());
        edges = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length >= 3 && t[1].equals("->") && t[0].startsWith("dev.myelin") && !t[0].equals(t[2])) {
                edges.computeIfAbsent(t[0], k -> new TreeSet<>()).add(t[2]);
            }
        }
        assertThat(edges).as("jdeps output:\n" + out).containsKey("dev.myelin.layers");
    }

    static String jdeps(String... args) throws IOException {
        ToolProvider tool = ToolProvider.findFirst("jdeps").orElse(null);
        if (tool != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                tool.run(ps, ps, args);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jdeps").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static Set<String> reachable(String from) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String next : edges.getOrDefault(todo.remove(todo.size() - 1), Set.of())) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    @Test
    void noPackageCycle() {
        Set<Set<String>> cycles = new HashSet<>();
        for (String p : edges.keySet()) {
            Set<String> cycle = new TreeSet<>();
            for (String q : reachable(p)) {
                if (reachable(q).contains(p)) {
                    cycle.add(q);
                }
            }
            if (!cycle.isEmpty()) {
                cycle.add(p);
                cycles.add(cycle);
            }
        }
        assertThat(cycles).as("package cycles; edges " + edges).isEmpty();
    }

    @Test
    void theEngineNeverDependsOnTheTeachingTools() {
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            if (!TEACHING.contains(e.getKey())) {
                assertThat(e.getValue()).as(e.getKey() + " depends on").doesNotContainAnyElementsOf(TEACHING);
            }
        }
    }

    @Test
    void theLayerContractSitsBelowTheNetworkAndItsFiles() {
        assertThat(reachable("dev.myelin.layers")).as("what dev.myelin.layers reaches")
                .doesNotContain("dev.myelin", "dev.myelin.io", "dev.myelin.train", "dev.myelin.optim")
                .doesNotContainAnyElementsOf(TEACHING);
    }

    @Test
    void theEngineSitsBelowTheFormatsOptimizersAndTrainingLoop() {
        assertThat(edges).containsKey("dev.myelin.nn");
        assertThat(reachable("dev.myelin.nn")).as("what dev.myelin.nn reaches")
                .doesNotContain("dev.myelin", "dev.myelin.io", "dev.myelin.optim", "dev.myelin.train")
                .doesNotContainAnyElementsOf(TEACHING);
    }

    @Test
    void nothingBelowTheEntryPackageUsesIt() {
        for (String below : List.of("dev.myelin.nn", "dev.myelin.io", "dev.myelin.optim", "dev.myelin.train")) {
            assertThat(reachable(below)).as("what " + below + " reaches").doesNotContain("dev.myelin");
        }
    }

    @Test
    void theKernelPackageIsNotExported() throws IOException {
        try (var in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).doesNotContain("dev.myelin.kernel")
                    .contains("dev.myelin.compute", "dev.myelin.layers", "dev.myelin.nn");
        }
    }
}
