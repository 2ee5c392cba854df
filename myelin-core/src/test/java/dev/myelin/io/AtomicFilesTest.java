package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private String[] names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second, é");
        assertThat(Files.readString(f)).isEqualTo("second, é");
        AtomicFiles.write(dir.resolve("sub/b.bin"), new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(dir.resolve("sub/b.bin"))).containsExactly(1, 2, 3);
        assertThat(names()).containsExactly("a.txt", "sub");
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {'n', 'e'}));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        assertThat(names()).containsExactly("model.safetensors");
    }
}
