package dev.myelin.layers;

import java.util.Arrays;

/**
 * The shape of one example as a layer sees it, or of one stored tensor: a list of positive
 * dimensions. A dense layer's input is {@code [features]}; a later 2-D convolution would take
 * {@code [channels, height, width]}. The batch dimension is never part of a shape: a batch is always
 * rows × {@link #size()} values, each row one example laid out in row-major order.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("shape dimensions must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /** The shape with the given dimensions, e.g. {@code Shape.of(784)} or {@code Shape.of(3, 4)}. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, from 0. */
    public int dim(int i) {
        return dims[i];
    }

    /** The dimensions, as a new array. */
    public int[] dims() {
        return dims.clone();
    }

    /** The dimensions as longs, as safetensors headers write them. */
    public long[] toLongs() {
        return Arrays.stream(dims).asLongStream().toArray();
    }

    /** The number of values: the product of the dimensions. */
    public int size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + this + " has more than " + Integer.MAX_VALUE + " values");
        }
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** E.g. {@code [3]} or {@code [2, 3]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
