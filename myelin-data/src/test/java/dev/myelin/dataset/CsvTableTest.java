package dev.myelin.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
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
        CsvTable t = CsvTable.read(f, "name", CsvTable.LabelMode.REQUIRED, List.of("z", "x, y"), CsvLimits.DEFAULT.maxBytes());
        assertThat(t.featureNames()).containsExactly("z", "x, y");
        assertThat(t.labels()).containsExactly("a, b", "c");
        assertThat(t.lines()).containsExactly(2, 4);
        assertThat(t.x().toArray()).isEqualTo(new double[][] {{-20, 1.5}, {4, 3}});
    }

    @Test
    void errorsNameFileLineAndColumnAfterAMultiLineCell() throws Exception {
        Path f = write("a,b,label\n1,2,\"two\nlines\"\n3,x1,y\n");
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, CsvLimits.DEFAULT.maxBytes()))
                .isInstanceOf(DataFormatException.class).hasMessage("t.csv:4:2: expected a number, found \"x1\" (column \"b\")");
    }

    @Test
    void javaOnlyNumberFormsAreNotNumbers() {
        for (String s : new String[] {"1d", "0x10", "Infinity", "-Infinity", "NaN", "", " ", "1f", "1e400"}) {
            assertThat(CsvTable.parseFinite(s)).as(s).isNaN();
        }
        assertThat(CsvTable.parseFinite(" -1.25e-3 ")).isEqualTo(-1.25e-3);
        assertThat(CsvTable.parseFinite(".5")).isEqualTo(0.5);
    }

    @Test
    void sizeLimit() throws Exception {
        Path f = write("a,b\n1,2\n");
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, 5)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("larger than the limit of 5 bytes");
    }

    @Test
    void duplicateHeaderNames() throws Exception {
        Path f = write("a,a,b\n1,2,3\n");
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, CsvLimits.DEFAULT.maxBytes()))
                .hasMessage("t.csv:1:2: the column name \"a\" appears twice in the header");
    }

    @Test
    void taskInference() {
        assertThat(TaskRule.DEFAULT.infer(new String[] {"0", "1", "1", "0"})).isEqualTo("classification");
        assertThat(TaskRule.DEFAULT.infer(new String[] {"cat", "dog"})).isEqualTo("classification");
        assertThat(TaskRule.DEFAULT.infer(new String[] {"1.5", "2", "3"})).isEqualTo("regression");
        // five rows, five different whole numbers (the notes' energy use): a quantity, not classes
        assertThat(TaskRule.DEFAULT.infer(new String[] {"2700", "3100", "2400", "4000", "2200"})).isEqualTo("regression");
        String[] digits = new String[100];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = Integer.toString(i % 10);
        }
        assertThat(TaskRule.DEFAULT.infer(digits)).isEqualTo("classification");
        assertThat(TaskRule.key("1.0")).isEqualTo("1");
    }

    @Test
    void ignoredColumnsAreLeftOutAndNamesAreChecked() throws Exception {
        Path f = write("id,x,name,y\n1,0.5,ann,a\n2,1.5,bob,b\n");
        CsvTable t = CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of("id", "name"), CsvLimits.DEFAULT);
        assertThat(t.featureNames()).containsExactly("x");
        assertThat(t.x().toArray()).isEqualTo(new double[][] {{0.5}, {1.5}});
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of("ID"), CsvLimits.DEFAULT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("t.csv has no column named \"ID\" to ignore; its columns are id, x, name, y");
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of("y"), CsvLimits.DEFAULT))
                .hasMessage("the column \"y\" of t.csv is the label; it cannot be ignored");
    }

    @Test
    void columnsOverTheLimitFailOnTheHeaderBeforeAnyRow() throws Exception {
        Path f = write("a,b,c,d\n1,2,3,x\n");
        CsvLimits three = new CsvLimits(1 << 20, 3, 100, 256);
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of(), three))
                .isInstanceOf(DataFormatException.class).hasMessage("t.csv:1: the header has 4 columns, more than the limit of 3")
                .satisfies(e -> assertThat(((DataFormatException) e).overLimit()).isTrue());
    }

    @Test
    void rowsAndLongNamesOverTheLimit() throws Exception {
        Path f = write("a,b\n1,x\n2,y\n3,z\n");
        CsvLimits limits = new CsvLimits(1 << 20, 10, 2, 5);
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of(), limits))
                .hasMessage("t.csv has more than 2 data rows, the limit");
        Path g = write("a,b\n1,abcdefgh\n");
        assertThatThrownBy(() -> CsvTable.read(g, null, CsvTable.LabelMode.REQUIRED, null, List.of(), limits))
                .hasMessage("t.csv:2:2: the label \"abcdefgh\" has 8 characters, more than the limit of 5");
        Path h = write("abcdefgh,b\n1,x\n");
        assertThatThrownBy(() -> CsvTable.read(h, null, CsvTable.LabelMode.REQUIRED, null, List.of(), limits))
                .hasMessage("t.csv:1:1: the column name \"abcdefgh\" has 8 characters, more than the limit of 5");
    }

    @Test
    void aFolderOrADeviceIsRefusedBeforeItIsOpened() throws Exception {
        assertThatThrownBy(() -> CsvTable.read(dir, null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT))
                .isInstanceOf(DataFormatException.class).hasMessage(dir + " is a folder; give a CSV file");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertThatThrownBy(() -> CsvTable.read(zero, null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessage("/dev/zero is not a regular file (a device or a named pipe); give a CSV file");
        }
    }

    @Test
    void aNamedPipeIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is available");
        assertThatThrownBy(() -> CsvTable.read(fifo, null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT))
                .hasMessage(fifo + " is not a regular file (a device or a named pipe); give a CSV file");
    }

    @Test
    void aFileThatIsNotUtf8NamesTheProblem() throws Exception {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not UTF-8");
    }

    /** Chunks of 2 rows hand over the whole table in order, with the file's line numbers; a bad later row fails after. */
    @Test
    void readChunksGivesTheWholeTableInPieces() throws Exception {
        Path f = write("x,label,y\n1,a,10\n2,b,20\n\n3,a,30\n4,b,40\n5,a,50\n");
        java.util.List<CsvTable> chunks = new java.util.ArrayList<>();
        long rows = CsvTable.readChunks(f, "label", CsvTable.LabelMode.REQUIRED, List.of("y", "x"), List.of(), CsvLimits.DEFAULT, 2,
                chunks::add);
        assertThat(rows).isEqualTo(5);
        assertThat(chunks).extracting(CsvTable::rows).containsExactly(2, 2, 1);
        assertThat(chunks.get(1).x().toArray()).isEqualTo(new double[][] {{30, 3}, {40, 4}});
        assertThat(chunks.get(1).labels()).containsExactly("a", "b");
        assertThat(chunks.get(1).lines()).containsExactly(5, 6);
        assertThat(chunks.get(2).labelPlace(0)).isEqualTo("t.csv:7:2");
        assertThat(chunks.get(2).featureNames()).containsExactly("y", "x");

        Path bad = write("x,label\n1,a\n2,b\n3,c\nfour,d\n");
        java.util.List<CsvTable> before = new java.util.ArrayList<>();
        assertThatThrownBy(() -> CsvTable.readChunks(bad, null, CsvTable.LabelMode.REQUIRED, null, List.of(), CsvLimits.DEFAULT, 2,
                before::add)).hasMessage("t.csv:5:1: expected a number, found \"four\" (column \"x\")");
        assertThat(before).hasSize(1);
        assertThatThrownBy(() -> CsvTable.readChunks(write("x,label\n"), null, CsvTable.LabelMode.REQUIRED, null, List.of(),
                CsvLimits.DEFAULT, 2, before::add)).hasMessage("t.csv has a header but no data rows");
    }
}
