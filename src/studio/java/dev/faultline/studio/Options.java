package dev.faultline.studio;

/**
 * The machine options of a page run, written as the command line writes them ({@code --frames 12 --bare}),
 * with the command line's defaults and its sentences for bad values (docs/cli.md).
 */
final class Options {
    int frames = 256;
    int swap = 1024;
    int tlb = 64;
    boolean softwareRefill;
    String policy = "clock";
    long seed = 1;
    int quantum = 10_000;
    long maxSteps = Long.MAX_VALUE;
    boolean bare;
    boolean stats;

    /** Parses the words; IllegalArgumentException with one sentence for a bad one. */
    static Options parse(String words) {
        Options o = new Options();
        String[] w = words.trim().isEmpty() ? new String[0] : words.trim().split("\\s+");
        for (int i = 0; i < w.length; i++) {
            String name = w[i];
            switch (name) {
                case "--bare" -> o.bare = true;
                case "--stats" -> o.stats = true;
                case "--frames" -> o.frames = (int) number(name, w, ++i, 1, 1 << 22);
                case "--swap" -> o.swap = (int) number(name, w, ++i, 0, 1 << 22);
                case "--tlb" -> o.tlb = (int) number(name, w, ++i, 0, 1 << 20);
                case "--quantum" -> o.quantum = (int) number(name, w, ++i, 1, Integer.MAX_VALUE);
                case "--seed" -> o.seed = number(name, w, ++i, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--max-steps" -> o.maxSteps = number(name, w, ++i, 0, Long.MAX_VALUE);
                case "--policy" -> o.policy = value(name, w, ++i);
                case "--tlb-refill" -> {
                    String v = value(name, w, ++i);
                    if (!v.equals("hw") && !v.equals("sw")) {
                        throw new IllegalArgumentException("--tlb-refill takes hw or sw, not '" + v + "'");
                    }
                    o.softwareRefill = v.equals("sw");
                }
                default -> throw new IllegalArgumentException("unknown option '" + name + "' in the studio");
            }
        }
        if (!o.bare && o.frames < 6) {
            throw new IllegalArgumentException("--frames " + o.frames + " is too small: a process needs at least 6"
                    + " frames (its page tables and the pages one instruction touches)");
        }
        return o;
    }

    private static String value(String name, String[] w, int i) {
        if (i >= w.length) throw new IllegalArgumentException(name + " needs a value");
        return w[i];
    }

    private static long number(String name, String[] w, int i, long min, long max) {
        String v = value(name, w, i);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a number, not '" + v + "'");
        }
        if (n < min || n > max) throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", not " + v);
        return n;
    }
}
