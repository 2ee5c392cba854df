package dev.myelin.fuzz.errors;

import dev.myelin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM ({@link Main#commandLine()}, as {@code ./myelin} does) and captures its exit code and standard error. */
record CliRun(int exit, String err) {

    static synchronized CliRun of(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream rawErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(rawErr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(out, true));
            int code = cl.execute(args);
            return new CliRun(code, (err + rawErr.toString(StandardCharsets.UTF_8)).strip());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** The first line of standard error. */
    String firstLine() {
        int nl = err.indexOf('\n');
        return nl < 0 ? err : err.substring(0, nl);
    }
}
