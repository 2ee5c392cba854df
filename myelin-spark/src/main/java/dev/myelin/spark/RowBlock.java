package dev.myelin.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The rows one input partition sends to one barrier task, packed: {@code slots[k]} is row k's place
 * in the task's local table (its global index i div P) and row k's w = f + o values sit at
 * [k·w, (k+1)·w) of {@code floats} (float32 networks) or {@code doubles} (float64), the other null.
 * One record per (input partition, task) instead of one per row: the shuffle moves a few large
 * arrays, and float32 rows move half the bytes of float64 ones (a float32 network rounds its inputs
 * to float32 anyway, so the training sees the same bits).
 */
record RowBlock(int[] slots, float[] floats, double[] doubles, int count) implements Serializable {

    /** Collects rows for one task, growing its arrays as needed. */
    static final class Builder {
        private final int width;
        private final boolean float32;
        private int[] slots = new int[64];
        private float[] floats;
        private double[] doubles;
        private int count;

        Builder(int width, boolean float32) {
            this.width = width;
            this.float32 = float32;
            if (float32) {
                floats = new float[64 * width];
            } else {
                doubles = new double[64 * width];
            }
        }

        void add(int slot, double[] row) {
            if (count == slots.length) {
                slots = Arrays.copyOf(slots, 2 * count);
                if (float32) {
                    floats = Arrays.copyOf(floats, 2 * count * width);
                } else {
                    doubles = Arrays.copyOf(doubles, 2 * count * width);
                }
            }
            slots[count] = slot;
            int at = count * width;
            if (float32) {
                for (int c = 0; c < width; c++) {
                    floats[at + c] = (float) row[c];
                }
            } else {
                System.arraycopy(row, 0, doubles, at, width);
            }
            count++;
        }

        boolean isEmpty() {
            return count == 0;
        }

        RowBlock build() {
            return new RowBlock(Arrays.copyOf(slots, count), float32 ? Arrays.copyOf(floats, count * width) : null,
                    float32 ? null : Arrays.copyOf(doubles, count * width), count);
        }
    }
}
