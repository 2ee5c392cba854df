package dev.myelin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version, as the build wrote it into {@code dev/myelin/version.properties}. */
public final class Version {
    private static final String VERSION = read();

    private Version() {}

    /** E.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from classes without the resource. */
    public static String get() {
        return VERSION;
    }

    /** The provenance entry of saved models: {@code myelin 0.1.0-SNAPSHOT}. */
    public static String library() {
        return "myelin " + VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no version file: "dev"
        }
        String v = p.getProperty("version", "dev");
        return v.startsWith("${") ? "dev" : v;
    }
}
