package dev.faultline.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Belady's optimal replacement (OPT), computed offline from a recorded page-reference string. */
public final class Belady {
    private Belady() {}

    /** Records the pages a run touches, in order, as (address space, page) keys, repeats folded. */
    public static final class Recorder {
        static final int LIMIT = 50_000_000;
        private int[] refs = new int[1024];
        private int count;
        private int last = -1;
        private boolean overflowed;
        private int pageTablePeak;

        /** One translated access (the MMU's page-reference string): the page as (address space, page). */
        public void access(int asid, int vpn) {
            add(asid << 20 | vpn);
        }

        private void add(int key) {
            if (key == last) return;
            last = key;
            if (count == LIMIT) {
                overflowed = true;
                return;
            }
            if (count == refs.length) refs = Arrays.copyOf(refs, Math.min(LIMIT, refs.length * 2));
            refs[count++] = key;
        }

        public int[] references() {
            return Arrays.copyOf(refs, count);
        }

        public boolean overflowed() {
            return overflowed;
        }

        /** The most frames page tables held at once during the run (the kernel's figure, set after it). */
        public int pageTableFramesPeak() {
            return pageTablePeak;
        }

        public void pageTableFramesPeak(int frames) {
            this.pageTablePeak = frames;
        }
    }

    /**
     * Misses of OPT on refs with capacity pages: on a miss with memory full, evict the page whose next use
     * lies farthest in the future (or never comes).
     */
    public static long optimalMisses(int[] refs, int capacity) {
        int n = refs.length;
        int[] next = new int[n];
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            Integer j = seen.get(refs[i]);
            next[i] = j == null ? n + i : j; // "never again": distinct values beyond every real index
            seen.put(refs[i], i);
        }
        TreeMap<Integer, Integer> byNextUse = new TreeMap<>();
        Map<Integer, Integer> nextUseOf = new HashMap<>();
        long misses = 0;
        for (int i = 0; i < n; i++) {
            int page = refs[i];
            Integer due = nextUseOf.get(page);
            if (due != null) {
                byNextUse.remove(due);
            } else {
                misses++;
                if (nextUseOf.size() == capacity) {
                    Map.Entry<Integer, Integer> farthest = byNextUse.pollLastEntry();
                    nextUseOf.remove(farthest.getValue());
                }
            }
            nextUseOf.put(page, next[i]);
            byNextUse.put(next[i], page);
        }
        return misses;
    }
}
