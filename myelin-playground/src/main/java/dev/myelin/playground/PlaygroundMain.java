package dev.myelin.playground;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code myelin playground [--port 8080] [--host 127.0.0.1]}: starts the playground and prints its
 * address. It listens on the loopback address unless told otherwise, and says so loudly when it does
 * not, because the playground has no login: anyone who can reach the port can use it.
 */
public final class PlaygroundMain {
    static final String USAGE = """
            Usage: myelin playground [--port PORT] [--host HOST]
              Trains and shows a neural network live in your browser.
              --port PORT   the port to listen on (default 8080; 0 picks a free port)
              --host HOST   the address to listen on (default 127.0.0.1, this machine only)
              -h, --help    show this help""";

    private PlaygroundMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * Parses {@code args}, starts the server and, if {@code block}, waits until the process is
     * stopped. Returns the exit code (2 for a usage error, 1 if the port cannot be opened).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean block) {
        String host = "127.0.0.1";
        int port = 8080;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.startsWith("--port=") || a.startsWith("--host=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            switch (a) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--port", "--host" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            err.println("error: " + a + " needs a value\n" + USAGE);
                            return 2;
                        }
                        value = args[++i];
                    }
                    if (a.equals("--host")) {
                        host = value;
                    } else {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            port = -1;
                        }
                        if (port < 0 || port > 65535) {
                            err.println("error: --port must be a number from 0 to 65535, got \"" + value + "\"");
                            return 2;
                        }
                    }
                }
                default -> {
                    err.println("error: unknown option \"" + args[i] + "\"\n" + USAGE);
                    return 2;
                }
            }
        }
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(host, port);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + (port != 0 ? "; is another program using port " + port
                    + "? Try --port 0 for any free port." : ""));
            return 1;
        }
        boolean loopback = isLoopback(host);
        String shown = host;
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        out.println("Myelin playground: open http://" + shown + ":" + server.port() + "/ in your browser");
        if (!loopback) {
            out.println("WARNING: listening on " + host + ", not only on this machine: anyone who can reach port "
                    + server.port() + " can use the playground and its CPU (there is no login).");
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        if (!block) {
            server.stop();
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
