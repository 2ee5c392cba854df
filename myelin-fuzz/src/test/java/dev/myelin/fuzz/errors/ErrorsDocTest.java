package dev.myelin.fuzz.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/ERRORS.md shows the two tested catalogues ({@code errors/cli-errors.tsv},
 * {@code errors/playground-errors.tsv}) exactly, between its generated-table markers, so the page
 * cannot drift from what the tests prove. Rewrite the tables with {@code -Derrors.writeDoc=true}.
 */
class ErrorsDocTest {
    static final Path DOC = Path.of("../docs/ERRORS.md");

    static String tsv(String name) throws IOException {
        try (InputStream in = ErrorsDocTest.class.getResourceAsStream("/errors/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** The command line's table: area, what is wrong, the command, exit code, the message. */
    static String cliTable() throws IOException {
        StringBuilder sb = new StringBuilder("| area | what is wrong | command | exit | standard error |\n|---|---|---|---|---|\n");
        for (String line : tsv("cli-errors.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            String cmd = c[2].equals("(none)") ? "myelin" : "myelin " + c[2];
            sb.append("| ").append(c[0]).append(" | ").append(cell(c[1])).append(" | `").append(cell(cmd)).append("` | ")
                    .append(c[3]).append(" | `").append(cell(c[4])).append("` |\n");
        }
        return sb.toString();
    }

    /** The playground's table: area, what is wrong, the request, status, the error sentence. */
    static String playgroundTable() throws IOException {
        StringBuilder sb = new StringBuilder("| area | what is wrong | request | status | `error` |\n|---|---|---|---|---|\n");
        for (String line : tsv("playground-errors.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            String body = c[4].equals("(none)") ? "" : " " + (c[4].length() > 60 ? c[4].substring(0, 57) + "…" : c[4]);
            sb.append("| ").append(c[0]).append(" | ").append(cell(c[1])).append(" | `").append(cell(c[2] + " " + c[3] + body))
                    .append("` | ").append(c[5]).append(" | ").append(cell(c[6].startsWith("(not JSON)") ? c[6] : "`" + c[6] + "`"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String replaceBetween(String doc, String name, String table) {
        String begin = "<!-- " + name + ": generated from myelin-fuzz/src/test/resources/errors/" + name + ".tsv -->\n";
        String end = "<!-- end " + name + " -->";
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalStateException("docs/ERRORS.md lacks the markers " + begin.strip() + " … " + end);
        }
        return doc.substring(0, a + begin.length()) + table + doc.substring(b);
    }

    static String expected(String doc) throws IOException {
        return replaceBetween(replaceBetween(doc, "cli-errors", cliTable()), "playground-errors", playgroundTable());
    }

    @Test
    void theDocShowsTheTestedTables() throws IOException {
        String doc = Files.readString(DOC);
        String want = expected(doc);
        if (Boolean.getBoolean("errors.writeDoc")) {
            Files.writeString(DOC, want);
            doc = want;
        }
        assertThat(doc).as("docs/ERRORS.md (rewrite its tables with -Derrors.writeDoc=true)").isEqualTo(want);
    }
}
