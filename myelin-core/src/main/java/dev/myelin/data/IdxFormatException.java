package dev.myelin.data;

import java.io.IOException;

/** An IDX file (MNIST's format) that is not what its header says; the message names the file and the problem. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(String name, String problem) {
        super(name + ": " + problem);
    }
}
