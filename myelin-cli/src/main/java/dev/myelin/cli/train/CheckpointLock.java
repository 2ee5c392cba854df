package dev.myelin.cli.train;

import dev.myelin.cli.base.CliException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per checkpoint folder: a run that writes checkpoints holds an exclusive lock on
 * {@code DIR/lock} (an OS file lock, released when the process ends, even by kill -9), and a second
 * {@code train --checkpoint-dir DIR} or {@code --resume DIR} is refused at once instead of interleaving
 * its epochs with the first one's.
 */
public final class CheckpointLock implements AutoCloseable {
    /** The lock file's name inside the checkpoint folder. */
    public static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock (creating the folder), or fails with one sentence if another run holds it. */
    public static CheckpointLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new CliException("another 'myelin train' is writing checkpoints into " + dir + " (it holds " + file
                    + "); wait for it to end or give another --checkpoint-dir");
        }
        return new CheckpointLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
