package dev.myelin.fuzz.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the command line's error catalogue ({@code errors/cli-errors.tsv}, the table of
 * docs/ERRORS.md): the command, run in this JVM, exits with the row's code and prints exactly the
 * row's sentence as the first line of standard error — one sentence, no stack trace.
 */
class CliErrorsTest {
    static Path dir;

    @BeforeAll
    static void fixtures() throws IOException {
        dir = Files.createTempDirectory("myelin-errors");
        Fixtures.write(dir);
    }

    record Row(String area, String what, String args, String exit, String message) {
        String[] argv() {
            return args.equals("(none)") ? new String[0] : Arrays.stream(args.split(" ")).map(Row::expand).toArray(String[]::new);
        }

        static String expand(String s) {
            return s.replace("{dir}", dir.toString()).replace("{cwd}", Path.of("").toAbsolutePath().toString());
        }
    }

    static List<Row> rows(String resource) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = CliErrorsTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                rows.add(new Row(c[0], c[1], c[2], c[3], c[4]));
            }
        }
        return rows;
    }

    static Stream<Arguments> cliRows() throws IOException {
        return rows("/errors/cli-errors.tsv").stream().map(r -> Arguments.of(r.what(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cliRows")
    void eachErrorHasItsExitCodeAndSentence(String what, Row row) {
        CliRun run = CliRun.of(row.argv());
        System.out.println("ROW\t" + row.area() + "\t" + row.what() + "\t" + row.args() + "\t" + run.exit() + "\t"
                + run.firstLine().replace(dir.toString(), "{dir}").replace(Path.of("").toAbsolutePath().toString(), "{cwd}"));
        assertThat(run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(Integer.toString(run.exit())).as("exit code").isEqualTo(row.exit());
        assertThat(run.firstLine()).isEqualTo(Row.expand(row.message()));
    }
}
