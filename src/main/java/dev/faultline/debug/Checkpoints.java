package dev.faultline.debug;

import dev.faultline.debug.TimeTravel.Position;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The checkpoints of one debug session, in the order of their positions, and the memory they hold. Pages
 * (large arrays: frames, swap pages, file pieces) are often shared between checkpoints, so memory is counted
 * by distinct page. When the checkpoints hold more than their budget (twice one snapshot of the machine, plus
 * {@link #SLACK} bytes) or more than {@link #MAX_COUNT} of them exist, old ones are thinned out so that
 * those left are spaced roughly in proportion to their age: dense near the present, sparse towards the start.
 */
final class Checkpoints {
    static final long SLACK = 64L << 20;
    static final int MAX_COUNT = 200;

    /** One checkpoint: where, the copied machine and what else a replay from it needs, and its memory. */
    record Checkpoint(Position at, Object machine, Object clock, Object extra, int stdin, long[] out, long[] err,
                      long[] trace, PrivateFiles.Contents files, List<Object> pages, long ownBytes, long fullBytes,
                      long newBytes, List<java.io.PrintStream> prints, boolean[] printErrors) {}

    private final List<Checkpoint> list = new ArrayList<>();
    /** Each distinct page the checkpoints hold, with how many hold it. */
    private final IdentityHashMap<Object, Integer> pageUsers = new IdentityHashMap<>();
    private long pageBytes;
    private long ownBytes;
    private long thinned;

    /** The latest checkpoint at or before {@code p}, or null. */
    Checkpoint floor(Position p) {
        Checkpoint best = null;
        for (Checkpoint c : list) {
            if (c.at().compareTo(p) <= 0) best = c;
            else break;
        }
        return best;
    }

    /** The latest checkpoint with fewer than {@code instret} instructions retired, or null. */
    Checkpoint before(long instret) {
        Checkpoint best = null;
        for (Checkpoint c : list) {
            if (c.at().instret() < instret) best = c;
            else break;
        }
        return best;
    }

    /** Adds a checkpoint (at a position none has), then thins the old ones out if they hold too much. */
    void add(Checkpoint c) {
        int i = 0;
        while (i < list.size() && list.get(i).at().compareTo(c.at()) < 0) i++;
        if (i < list.size() && list.get(i).at().equals(c.at())) return;
        list.add(i, c);
        for (Object page : c.pages()) {
            if (pageUsers.merge(page, 1, Integer::sum) == 1) pageBytes += bytesOf(page);
        }
        ownBytes += c.ownBytes();
        long budget = 2 * c.fullBytes() + SLACK;
        while (list.size() > 1 && (bytes() > budget || list.size() > MAX_COUNT)) drop(victim());
    }

    /** Memory the checkpoints hold, in bytes (pages once each, plus each checkpoint's own objects). */
    long bytes() {
        return pageBytes + ownBytes;
    }

    int count() {
        return list.size();
    }

    /** Checkpoints dropped to stay within the budget. */
    long thinned() {
        return thinned;
    }

    /** The bytes of one whole copy of the machine: the newest checkpoint's, its shared pages included (0: none). */
    long newestWhole() {
        return list.isEmpty() ? 0 : list.get(list.size() - 1).fullBytes();
    }

    /** For tests: count, bytes, and the newest checkpoint's whole size, own bytes and new bytes. */
    String describe() {
        Checkpoint c = list.isEmpty() ? null : list.get(list.size() - 1);
        return list.size() + " checkpoints, " + bytes() + " bytes" + (c == null ? "" : ", the newest " + c.fullBytes()
                + " whole, " + c.ownBytes() + " own, " + c.newBytes() + " new " + histogram(c));
    }

    private static String histogram(Checkpoint c) {
        java.util.TreeMap<String, Integer> h = new java.util.TreeMap<>();
        for (Object p : c.pages()) h.merge(p.getClass().getSimpleName() + bytesOf(p), 1, Integer::sum);
        return h.toString();
    }

    List<Position> positions() {
        List<Position> out = new ArrayList<>();
        for (Checkpoint c : list) out.add(c.at());
        return out;
    }

    /**
     * The checkpoint whose loss matters least: the one whose neighbours are closest together compared with how
     * far it lies behind the latest. The latest is never chosen.
     */
    private int victim() {
        long newest = list.get(list.size() - 1).at().instret();
        int best = 0;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < list.size() - 1; i++) {
            long before = i == 0 ? 0 : list.get(i - 1).at().instret();
            long gap = list.get(i + 1).at().instret() - before;
            double score = (double) gap / (newest - list.get(i).at().instret() + 1);
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private void drop(int i) {
        Checkpoint c = list.remove(i);
        thinned++;
        for (Object page : c.pages()) {
            int left = pageUsers.merge(page, -1, Integer::sum);
            if (left == 0) {
                pageUsers.remove(page);
                pageBytes -= bytesOf(page);
            }
        }
        ownBytes -= c.ownBytes();
    }

    /** Forgets every checkpoint (they are of a run that can no longer be replayed from them). */
    void clear() {
        list.clear();
        pageUsers.clear();
        pageBytes = 0;
        ownBytes = 0;
    }

    static long bytesOf(Object page) {
        if (page instanceof byte[] b) return 16 + b.length;
        if (page instanceof long[] l) return 16 + 8L * l.length;
        if (page instanceof int[] a) return 16 + 4L * a.length;
        if (page instanceof boolean[] z) return 16 + z.length;
        if (page instanceof short[] s) return 16 + 2L * s.length;
        if (page instanceof char[] s) return 16 + 2L * s.length;
        if (page instanceof double[] d) return 16 + 8L * d.length;
        if (page instanceof float[] f) return 16 + 4L * f.length;
        return 16;
    }
}
