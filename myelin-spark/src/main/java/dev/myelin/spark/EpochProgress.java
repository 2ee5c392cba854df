package dev.myelin.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Per-epoch progress from task 0 to the driver, so that the driver can print it as a one-machine fit
 * does: task 0 connects to a socket the driver listens on and sends one line per epoch,
 * {@code epoch<TAB>loss=0.31<TAB>accuracy=0.9…}. Lost progress never fails a fit: a sender that cannot
 * connect stays silent.
 */
final class EpochProgress {
    private EpochProgress() {}

    /** The driver's side: accepts senders (one per stage attempt) and hands each line to {@code onEpoch}. */
    static final class Receiver implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private int received;

        Receiver(String host, BiConsumer<Integer, Map<String, Double>> onEpoch) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(host, 0));
            Receiver self = this;
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept();
                         BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            String[] parts = line.split("\t");
                            Map<String, Double> logs = new LinkedHashMap<>();
                            for (int i = 1; i < parts.length; i++) {
                                int eq = parts[i].indexOf('=');
                                logs.put(parts[i].substring(0, eq), Double.parseDouble(parts[i].substring(eq + 1)));
                            }
                            onEpoch.accept(Integer.parseInt(parts[0]), logs);
                            synchronized (self) {
                                received++;
                                self.notifyAll();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // the socket closed (end of fit) or a sender died: wait for the next one
                    }
                }
            }, "myelin-spark-progress");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits (at most {@code millis}) until {@code epochs} lines have been handled: the last may still be in flight. */
        synchronized void awaitEpochs(int epochs, long millis) {
            long end = System.currentTimeMillis() + millis;
            while (received < epochs && System.currentTimeMillis() < end) {
                try {
                    wait(Math.max(1, end - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        String address() {
            return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Task 0's side. */
    static final class Sender implements AutoCloseable {
        private Socket socket;
        private PrintWriter out;

        Sender(String address) {
            if (address == null) {
                return;
            }
            try {
                int colon = address.lastIndexOf(':');
                socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
                out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
            } catch (IOException | RuntimeException e) {
                socket = null;
                out = null;
            }
        }

        void send(int epoch, Map<String, Double> logs) {
            if (out == null) {
                return;
            }
            StringBuilder line = new StringBuilder().append(epoch);
            logs.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
            out.println(line);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // progress only
                }
            }
        }
    }
}
