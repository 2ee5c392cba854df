package dev.myelin.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsQuotedCellsBlankLinesAndPicksColumnsByName() throws Exception {
        Path f = write("\uFEFFname,\"x, y\",z\n\"a, b\",1.5,-2e1\n\nc,3,4\r\n");
        CsvData.Table t = CsvData.read(f, "name", CsvData.LabelMode.REQUIRED, List.of("z", "x, y"), CsvData.DEFAULT_MAX_BYTES);
        assertThat(t.featureNames()).containsExactly("z", "x, y");
        assertThat(t.labels()).containsExactly("a, b", "c");
        assertThat(t.lines()).containsExactly(2, 4);
        assertThat(t.x().toArray()).isEqualTo(new double[][] {{-20, 1.5}, {4, 3}});
    }

    @Test
    void errorsNameFileLineAndColumnAfterAMultiLineCell() throws Exception {
        Path f = write("a,b,label\n1,2,\"two\nlines\"\n3,x1,y\n");
        assertThatThrownBy(() -> CsvData.read(f, null, CsvData.LabelMode.REQUIRED, null, CsvData.DEFAULT_MAX_BYTES))
                .isInstanceOf(CliException.class).hasMessage("t.csv:4:2: expected a number, found \"x1\" (column \"b\")");
    }

    @Test
    void javaOnlyNumberFormsAreNotNumbers() {
        for (String s : new String[] {"1d", "0x10", "Infinity", "-Infinity", "NaN", "", " ", "1f", "1e400"}) {
            assertThat(CsvData.parseFinite(s)).as(s).isNaN();
        }
        assertThat(CsvData.parseFinite(" -1.25e-3 ")).isEqualTo(-1.25e-3);
        assertThat(CsvData.parseFinite(".5")).isEqualTo(0.5);
    }

    @Test
    void sizeLimit() throws Exception {
        Path f = write("a,b\n1,2\n");
        assertThatThrownBy(() -> CsvData.read(f, null, CsvData.LabelMode.REQUIRED, null, 5)).isInstanceOf(CliException.class)
                .hasMessageContaining("larger than the limit of 5 bytes");
    }

    @Test
    void duplicateHeaderNames() throws Exception {
        Path f = write("a,a,b\n1,2,3\n");
        assertThatThrownBy(() -> CsvData.read(f, null, CsvData.LabelMode.REQUIRED, null, CsvData.DEFAULT_MAX_BYTES))
                .hasMessage("t.csv:1:2: the column name \"a\" appears twice in the header");
    }

    @Test
    void taskInference() {
        assertThat(Targets.infer(new String[] {"0", "1", "1", "0"})).isEqualTo("classification");
        assertThat(Targets.infer(new String[] {"cat", "dog"})).isEqualTo("classification");
        assertThat(Targets.infer(new String[] {"1.5", "2", "3"})).isEqualTo("regression");
        // five rows, five different whole numbers (the notes' energy use): a quantity, not classes
        assertThat(Targets.infer(new String[] {"2700", "3100", "2400", "4000", "2200"})).isEqualTo("regression");
        String[] digits = new String[100];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = Integer.toString(i % 10);
        }
        assertThat(Targets.infer(digits)).isEqualTo("classification");
        assertThat(Targets.key("1.0")).isEqualTo("1");
    }
}
