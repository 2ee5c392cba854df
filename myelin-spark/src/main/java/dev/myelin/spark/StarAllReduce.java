package dev.myelin.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * A sum all-reduce among P tasks over TCP, in a star: task 0 (the hub) receives every other task's
 * vector, adds them in rank order — s = v₀ + v₁ + … + v_{P−1}, left to right, in float64 — and sends
 * s back to all. Every task ends with bit-identical values, and the same inputs always give the same
 * bits, whatever order the messages arrive in: that is what makes a rerun of a data-parallel fit
 * bit-identical.
 *
 * <p>Cost per call: the hub moves 2(P−1)·8n bytes for a vector of n doubles. For the P ≤ 16 tasks and
 * n ≤ 10⁶ parameters of a dense network on one Spark stage this is a few milliseconds on a LAN and
 * well under one on loopback; a ring would move 2(P−1)/P·8n bytes per task but sums in an order that
 * depends on the chunk, and needs P−1 round trips of latency.
 *
 * <p>Rendezvous is the caller's: the hub {@link #listen listens}, its address reaches the others
 * (on Spark through one {@code BarrierTaskContext.allGather}), and every other task
 * {@link #connect connects}. Reads poll every second and give up when {@code cancelled} says so
 * (Spark killed the task) or a peer closed its socket (a peer task died): either ends the call with
 * an {@link IOException}, so a failed task never leaves the others waiting.
 */
public final class StarAllReduce implements AllReduce {
    private static final int MAGIC = 0x4D594C4E; // "MYLN"
    private static final int POLL_MILLIS = 1000;

    private final int rank;
    private final int tasks;
    private final Socket[] peers; // hub: peers[r] for r ≥ 1; others: peers[0] is the hub
    private final DataInputStream[] in;
    private final DataOutputStream[] out;
    private final BooleanSupplier cancelled;
    private byte[] bytes = new byte[0];
    private double[] scratch = new double[0];
    private float[] received = new float[0];

    private StarAllReduce(int rank, int tasks, BooleanSupplier cancelled) {
        this.rank = rank;
        this.tasks = tasks;
        this.peers = new Socket[tasks];
        this.in = new DataInputStream[tasks];
        this.out = new DataOutputStream[tasks];
        this.cancelled = cancelled;
    }

    /** The hub's listening socket, on {@code host} and a free port. */
    public static ServerSocket listen(String host) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0), 64);
        server.setSoTimeout(POLL_MILLIS);
        return server;
    }

    /** The hub's side: accepts the other {@code tasks − 1} tasks on {@code server}, then closes it. */
    public static StarAllReduce accept(ServerSocket server, int tasks, BooleanSupplier cancelled, long timeoutMillis)
            throws IOException {
        StarAllReduce c = new StarAllReduce(0, tasks, cancelled);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (server) {
            for (int joined = 1; joined < tasks; ) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    c.checkAlive(deadline, "waiting for " + (tasks - joined) + " tasks to connect");
                    continue;
                }
                c.configure(s);
                DataInputStream din = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                int magic = din.readInt();
                int r = din.readInt();
                if (magic != MAGIC || r < 1 || r >= tasks || c.peers[r] != null) {
                    s.close();
                    throw new IOException("all-reduce: a connection to the hub announced an invalid rank " + r);
                }
                c.peers[r] = s;
                c.in[r] = din;
                c.out[r] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                joined++;
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A non-hub task's side: connects to the hub at {@code host:port} and announces {@code rank}. */
    public static StarAllReduce connect(String hostPort, int rank, int tasks, BooleanSupplier cancelled, long timeoutMillis)
            throws IOException {
        if (rank < 1 || rank >= tasks) {
            throw new IllegalArgumentException("a connecting task's rank must be in 1.." + (tasks - 1) + ", got " + rank);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        StarAllReduce c = new StarAllReduce(rank, tasks, cancelled);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), POLL_MILLIS);
                c.configure(s);
                c.peers[0] = s;
                c.in[0] = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                c.out[0] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                c.out[0].writeInt(MAGIC);
                c.out[0].writeInt(rank);
                c.out[0].flush();
                return c;
            } catch (IOException e) {
                s.close();
                c.checkAlive(deadline, "connecting to the hub at " + hostPort + " (" + e.getMessage() + ")");
                sleepQuietly(100);
            }
        }
    }

    private void configure(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(POLL_MILLIS);
        s.setReceiveBufferSize(1 << 20);
        s.setSendBufferSize(1 << 20);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int tasks() {
        return tasks;
    }

    /**
     * Replaces {@code v} on every task by the sum over tasks, added in rank order. All tasks must call
     * it with vectors of the same length, the same number of times.
     */
    @Override
    public void sum(double[] v) throws IOException {
        if (tasks == 1) {
            return;
        }
        ensure(v.length);
        if (rank == 0) {
            for (int r = 1; r < tasks; r++) {
                readVector(in[r], scratch, v.length, "task " + r);
                for (int i = 0; i < v.length; i++) {
                    v[i] += scratch[i];
                }
            }
            for (int r = 1; r < tasks; r++) {
                writeVector(out[r], v);
            }
        } else {
            writeVector(out[0], v);
            readVector(in[0], v, v.length, "the hub");
        }
    }

    /**
     * The weighted mean of float32 vectors, for float32 gradients: replaces {@code v} on every task by
     * <pre>  v ← (float) (Σ_p w_p·v_p / Σ_p w_p)</pre>
     * and {@code sums} by Σ_p sums_p, both accumulated in float64 in rank order by the hub; returns
     * Σ_p w_p. The same bits as {@link #sum} over the float64 vectors [w_p·v_p, w_p, sums_p] followed by
     * the division and the rounding to float32 on each task, for half the bytes on the wire: the hub
     * divides and rounds once and sends float32 back.
     */
    @Override
    public double weightedMean(float[] v, int n, double weight, double[] sums) throws IOException {
        if (tasks == 1) {
            return weight;
        }
        int k = sums.length;
        int length = 8 + 8 * k + 4 * n;
        ensureBytes(length);
        if (rank == 0) {
            if (scratch.length < n) {
                scratch = new double[n];
            }
            double[] acc = scratch;
            for (int i = 0; i < n; i++) {
                acc[i] = weight * v[i];
            }
            double total = weight;
            for (int r = 1; r < tasks; r++) {
                readFully(in[r], length, "task " + r);
                ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
                double w = b.getDouble();
                for (int j = 0; j < k; j++) {
                    sums[j] += b.getDouble();
                }
                if (received.length < n) {
                    received = new float[n];
                }
                b.asFloatBuffer().get(received, 0, n);
                for (int i = 0; i < n; i++) {
                    acc[i] += w * received[i];
                }
                total += w;
            }
            for (int i = 0; i < n; i++) {
                v[i] = (float) (acc[i] / total);
            }
            pack(total, sums, v, n);
            for (int r = 1; r < tasks; r++) {
                out[r].write(bytes, 0, length);
                out[r].flush();
            }
            return total;
        }
        pack(weight, sums, v, n);
        out[0].write(bytes, 0, length);
        out[0].flush();
        readFully(in[0], length, "the hub");
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        double total = b.getDouble();
        for (int j = 0; j < k; j++) {
            sums[j] = b.getDouble();
        }
        b.asFloatBuffer().get(v, 0, n);
        return total;
    }

    private void pack(double weight, double[] sums, float[] v, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(weight);
        for (double x : sums) {
            b.putDouble(x);
        }
        b.asFloatBuffer().put(v, 0, n);
    }

    private void ensureBytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[n];
        }
    }

    private void ensure(int n) {
        if (bytes.length < 8 * n + 4) {
            bytes = new byte[8 * n + 4];
        }
        if (scratch.length < n) {
            scratch = new double[n];
        }
    }

    private void writeVector(OutputStream os, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(v.length);
        b.asDoubleBuffer().put(v, 0, v.length);
        os.write(bytes, 0, 4 + 8 * v.length);
        os.flush();
    }

    private void readVector(InputStream is, double[] into, int n, String from) throws IOException {
        readFully(is, 4 + 8 * n, from);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int len = b.getInt();
        if (len != n) {
            throw new IOException("all-reduce: " + from + " sent " + len + " values, expected " + n);
        }
        b.asDoubleBuffer().get(into, 0, n);
    }

    /** Reads exactly {@code len} bytes, polling so that a cancelled task or a closed peer ends the wait. */
    private void readFully(InputStream is, int len, String from) throws IOException {
        int off = 0;
        while (off < len) {
            int got;
            try {
                got = is.read(bytes, off, len - off);
            } catch (SocketTimeoutException e) {
                checkAlive(Long.MAX_VALUE, "waiting for " + from);
                continue;
            }
            if (got < 0) {
                throw new IOException("all-reduce: " + from + " closed its connection (the task failed or was killed)");
            }
            off += got;
        }
    }

    private void checkAlive(long deadline, String what) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new IOException("all-reduce: the task was cancelled while " + what);
        }
        if (System.currentTimeMillis() > deadline) {
            throw new IOException("all-reduce: timed out " + what);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Socket s : peers) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do
                }
            }
        }
    }
}
