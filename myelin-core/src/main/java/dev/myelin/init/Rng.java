package dev.myelin.init;

/**
 * SplitMix64 (Steele, Lea &amp; Flood 2014), the seeded random source of the whole engine: weights,
 * dropout masks, shuffling, synthetic data. Its entire state is one {@code long}, so a checkpoint can
 * save it and a resumed run continue the very same sequence.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The current state; {@code new Rng(0).setState(s)} continues from here. */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state()} (checkpoints resume dropout masks this way). */
    public void setState(long state) {
        this.state = state;
    }

    /** The next 64 random bits (SplitMix64). */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Standard normal by Box–Muller (one value per two uniforms, no cached spare: the state stays one long). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher–Yates shuffle of {@code a}. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A seed for a sub-stream, e.g. layer {@code index} of a network seeded with {@code seed}. */
    public static long derive(long seed, long index) {
        Rng r = new Rng(seed ^ (index * 0xD1B54A32D192ED03L));
        r.nextLong();
        return r.nextLong();
    }
}
