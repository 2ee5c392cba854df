package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code myelin playground} arguments: defaults, errors, and the warning for non-local addresses. */
class PlaygroundMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PlaygroundMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bindsTheLoopbackAddressByDefaultAndPrintsTheUrl() {
        assertThat(run("--port", "0")).isZero();
        assertThat(out()).containsPattern("open http://127\\.0\\.0\\.1:\\d+/ in your browser").doesNotContain("WARNING");
    }

    @Test
    void saysClearlyWhenListeningBeyondThisMachine() {
        assertThat(run("--host=0.0.0.0", "--port=0")).isZero();
        assertThat(out()).contains("http://0.0.0.0:", "WARNING: listening on 0.0.0.0, not only on this machine");
    }

    @Test
    void badArgumentsGiveOneSentenceAndExitCode2() {
        assertThat(run("--port", "http")).isEqualTo(2);
        assertThat(err()).contains("--port must be a number from 0 to 65535, got \"http\"");
        assertThat(run("--colour")).isEqualTo(2);
        assertThat(err()).contains("unknown option \"--colour\"", "Usage: myelin playground");
        assertThat(run("--host")).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--port PORT");
    }
}
