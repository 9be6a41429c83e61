package dev.faultline.policy;

/**
 * java.util.Random's generator and its {@code nextInt(bound)}, exactly as the JDK documents and implements
 * them, so a seed gives the same draws everywhere: the studio's browser build (TeaVM) has a Random that
 * ignores its seed.
 */
final class SeededRandom {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private long seed;

    SeededRandom(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
    }

    private int next(int bits) {
        seed = (seed * MULTIPLIER + 0xBL) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    /** A draw in 0..bound-1 (bound positive), the same as {@code new Random(seed).nextInt(bound)} gives. */
    int nextInt(int bound) {
        int r = next(31);
        int m = bound - 1;
        if ((bound & m) == 0) return (int) ((bound * (long) r) >> 31); // a power of two: the high bits
        for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
            // draws that would favour the low values are thrown away
        }
        return r;
    }
}
