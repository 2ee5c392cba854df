package dev.myelin.playground;

/**
 * Whether a session's browser tab is still there: when it was last heard from and how many event
 * streams it has open. A new stream takes over from older ones of the same session (they stop at
 * their next tick), so a reloaded tab never has two streams competing. Lock-free where the
 * registry's sweep reads it; stream changes are synchronized.
 */
final class TabPresence {
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile int streams;
    private int generation;
    private final java.util.concurrent.atomic.AtomicLong framesSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong frameTaken = new java.util.concurrent.atomic.AtomicLong();

    void touch() {
        lastSeen = System.currentTimeMillis();
    }

    long lastSeen() {
        return lastSeen;
    }

    boolean hasStream() {
        return streams > 0;
    }

    /** Registers a new event stream and returns its generation. */
    synchronized int openStream() {
        streams++;
        touch();
        return ++generation;
    }

    synchronized boolean isCurrentStream(int g) {
        return g == generation;
    }

    /** The sequence number of a frame about to be sent (1, 2, … per session, across its streams). */
    long nextFrame() {
        return framesSent.incrementAndGet();
    }

    /** The page has taken frame {@code seq} to draw (its ack); older acks change nothing. */
    void frameTaken(long seq) {
        frameTaken.accumulateAndGet(seq, Math::max);
        touch();
    }

    /** Whether the page has taken frame {@code seq} (or a later one). */
    boolean hasTaken(long seq) {
        return frameTaken.get() >= seq;
    }

    synchronized void closeStream() {
        streams--;
        touch();
    }
}
