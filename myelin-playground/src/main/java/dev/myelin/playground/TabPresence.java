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

    synchronized void closeStream() {
        streams--;
        touch();
    }
}
