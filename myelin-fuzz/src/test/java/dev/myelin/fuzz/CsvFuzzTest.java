package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.dataset.DataFormatException;
import dev.myelin.dataset.CsvTable;
import java.nio.file.Path;

/**
 * Fuzzes the command line's CSV reader ({@link CsvTable#read}): any bytes give a table or a
 * {@link DataFormatException} naming the file and, for a bad cell, its line and column. Input: the first
 * byte picks the label mode (bit 0: required / if present) and the label (bit 1: the last column /
 * the column named "label"); the rest is the file. The size limit is {@link #MAX_BYTES}.
 */
public class CsvFuzzTest {
    static final long MAX_BYTES = 1 << 20;
    private static final Path FILE = Scratch.file("fuzz.csv");

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        CsvTable.LabelMode mode = (data[0] & 1) == 0 ? CsvTable.LabelMode.REQUIRED : CsvTable.LabelMode.IF_PRESENT;
        String label = (data[0] & 2) == 0 ? null : "label";
        byte[] body = new byte[data.length - 1];
        System.arraycopy(data, 1, body, 0, body.length);
        Scratch.write(FILE, body);
        Outcome.expect(() -> CsvTable.read(FILE, label, mode, null, MAX_BYTES), DataFormatException.class);
    }

    @FuzzTest
    void csv(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
