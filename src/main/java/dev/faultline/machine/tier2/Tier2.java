package dev.faultline.machine.tier2;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.SecondTier;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

/**
 * The second tier of one CPU: heat counters for branch targets, and the live translations keyed by
 * (physical frame, entry address). A translation is used only while its frame's decode cache is the one it
 * was made from: every write to a frame (a store, the kernel filling, zeroing or reusing it) drops that cache,
 * so a written, freed or reused frame is translated again on its next hot entry. A frame found rewritten
 * {@link #MAX_REWRITES} times is left to the interpreter until the next flush; at {@link #CAP} live
 * translations every translation is dropped. A region that runs only a few instructions per entry is
 * entered less often (see {@link #JUDGE_AFTER}).
 */
public final class Tier2 implements SecondTier {
    /** Taken branches to one page offset before its code is translated. */
    public static final int HOT = 1000;
    /** Makes the second tier of a CPU (the property faultline.tier2.hot overrides {@link #HOT}). */
    public static final SecondTier.Maker MAKER = maker(Integer.getInteger("faultline.tier2.hot", HOT));
    /** Taken branches to wait after a target could not be translated (or was left to the interpreter). */
    static final int BACKOFF = 4096;
    /** Live translations; the table is flushed when it holds this many. */
    static final int CAP = 1024;
    /** Retranslations of one frame (since the last flush) after which the frame is left to the interpreter. */
    public static final int MAX_REWRITES = 16;
    /**
     * A region is judged after this many entries: if it retired fewer than {@link #SHORT_RUN} instructions per
     * entry on average (a loop that faults on every pass), entering it costs more than it saves, and its
     * target cools down before it is tried again.
     */
    static final int JUDGE_AFTER = 256;
    static final int SHORT_RUN = 16;

    private final PhysicalMemory mem;
    private final MethodHandles.Lookup lookup;
    private final int tlbMask, tlbSize;
    /** Made on the first translation, so a short run never loads the bytecode library. */
    private Translator translator;
    private final int[] heat = new int[PhysicalMemory.PAGE_SIZE];
    /** Taken branches to a target before it is translated (default {@link #HOT}; tests use 1). */
    private final int hot;
    private final long[] keys = new long[CAP * 2];
    private final Region[] regions = new Region[CAP * 2];
    private int live;
    private final byte[] rewrites;
    private long translations, flushes;

    /** {@code lookup}: a full-privilege lookup of the CPU class, whose nest the regions join. */
    public Tier2(MethodHandles.Lookup lookup, PhysicalMemory mem, int tlbMask, int tlbSize, int hot) {
        this.mem = mem;
        this.hot = hot;
        this.lookup = lookup;
        this.tlbMask = tlbMask;
        this.tlbSize = tlbSize;
        this.rewrites = new byte[mem.frameCount()];
    }

    @Override
    public PhysicalMemory memory() {
        return mem;
    }

    @Override
    public SecondTier empty(PhysicalMemory mem) {
        return new Tier2(lookup, mem, tlbMask, tlbSize, hot);
    }

    /** Makes second tiers that translate a branch target once more than {@code hot} branches were taken to it. */
    public static SecondTier.Maker maker(int hot) {
        return (lookup, mem, tlbMask, tlbSize) -> new Tier2(lookup, mem, tlbMask, tlbSize, hot);
    }

    /** Counts a taken branch to pc; true when the target is hot (translated, or about to be). */
    @Override
    public boolean hot(int pc) {
        return ++heat[pc & PhysicalMemory.OFFSET_MASK] > hot;
    }

    /**
     * The region entered at pc, whose code page is frame pfn with decode cache {@code decoded}: the live one,
     * or a new translation; null (and the target cools down) when the code is left to the interpreter.
     */
    @Override
    public Region region(int pc, int pfn, long[] decoded) {
        long key = (long) pfn << 32 | (pc & 0xFFFFFFFFL);
        int slot = slot(key);
        Region r = regions[slot];
        if (r != null) {
            if (r.decoded == decoded) {
                if (r.entries < JUDGE_AFTER) return r;
                boolean worthIt = r.retired >= (long) SHORT_RUN * r.entries;
                r.entries = 0;
                r.retired = 0;
                return worthIt ? r : coolDown(pc);
            }
            regions[slot] = null; // the frame was written since: its code may have changed
            live--;
            rehashAfter(slot);
            if (rewrites[pfn] < MAX_REWRITES) rewrites[pfn]++;
        }
        if (rewrites[pfn] >= MAX_REWRITES) return coolDown(pc);
        if (translator == null) translator = new Translator(lookup, tlbMask, tlbSize);
        Region fresh = translator.translate(pc, mem.frame(pfn), decoded);
        if (fresh == null) return coolDown(pc);
        fresh.pc = pc;
        fresh.pfn = pfn;
        fresh.decoded = decoded;
        translations++;
        if (live >= CAP) flush();
        slot = slot(key);
        keys[slot] = key;
        regions[slot] = fresh;
        live++;
        return fresh;
    }

    /** Drops every translation (and forgets how often frames were rewritten). */
    public void flush() {
        Arrays.fill(regions, null);
        Arrays.fill(rewrites, (byte) 0);
        live = 0;
        flushes++;
    }

    public int live() {
        return live;
    }

    @Override
    public long translations() {
        return translations;
    }

    public long flushes() {
        return flushes;
    }

    private Region coolDown(int pc) {
        heat[pc & PhysicalMemory.OFFSET_MASK] = hot - BACKOFF;
        return null;
    }

    /** The slot holding key, or the empty slot where it would go (open addressing, linear probing). */
    private int slot(long key) {
        int mask = regions.length - 1;
        int i = (int) (key ^ key >>> 32) * 0x9E3779B9 >>> 21 & mask;
        while (regions[i] != null && keys[i] != key) i = (i + 1) & mask;
        return i;
    }

    /** Re-inserts the entries after a removed slot, so that probing still finds them. */
    private void rehashAfter(int removed) {
        int mask = regions.length - 1;
        for (int i = (removed + 1) & mask; regions[i] != null; i = (i + 1) & mask) {
            Region r = regions[i];
            long k = keys[i];
            regions[i] = null;
            int s = slot(k);
            keys[s] = k;
            regions[s] = r;
        }
    }
}
