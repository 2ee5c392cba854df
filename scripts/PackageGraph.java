import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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

/**
 * Prints the package graph of each module's compiled classes, as jdeps reads it, and its package cycles.
 * Exits 1 if any module has a cycle. Run after a build, from the repository root:
 *
 * <pre>  java scripts/PackageGraph.java myelin-core myelin-cli myelin-playground myelin-bench</pre>
 */
public class PackageGraph {
    public static void main(String[] args) throws IOException {
        boolean anyCycle = false;
        for (String module : args) {
            Map<String, Set<String>> edges = edges(Path.of(module, "target", "classes"));
            System.out.println("== " + module);
            edges.forEach((from, to) -> System.out.println("   " + from + " -> " + String.join(", ", to)));
            Set<Set<String>> cycles = cycles(edges);
            System.out.println("   cycles: " + (cycles.isEmpty() ? "none" : cycles));
            anyCycle |= !cycles.isEmpty();
        }
        System.exit(anyCycle ? 1 : 0);
    }

    /** Package → packages it uses, within dev.myelin, from jdeps -verbose:package (module-info left out). */
    static Map<String, Set<String>> edges(Path classes) throws IOException {
        Path tmp = Files.createTempDirectory("package-graph");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")).toList()) {
                Path to = tmp.resolve(classes.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            jdeps.run(ps, ps, "-verbose:package", "-e", "dev\\.myelin.*", tmp.toString());
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length >= 3 && t[1].equals("->") && t[0].startsWith("dev.myelin") && !t[0].equals(t[2])) {
                edges.computeIfAbsent(t[0], k -> new TreeSet<>()).add(t[2]);
            }
        }
        return edges;
    }

    static Set<Set<String>> cycles(Map<String, Set<String>> edges) {
        Set<Set<String>> cycles = new HashSet<>();
        for (String p : edges.keySet()) {
            Set<String> cycle = new TreeSet<>();
            for (String q : reachable(edges, p)) {
                if (reachable(edges, q).contains(p)) {
                    cycle.add(q);
                }
            }
            if (!cycle.isEmpty()) {
                cycle.add(p);
                cycles.add(cycle);
            }
        }
        return cycles;
    }

    static Set<String> reachable(Map<String, Set<String>> edges, String from) {
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
}
