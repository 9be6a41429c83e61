package dev.faultline.machine;

/**
 * A direct-mapped TLB of {@code size} entries, tagged with the address space id. An entry caches the
 * leaf PTE exactly as the walk found it (with A, and D once a store went through), so a probe is two
 * array reads and one compare: {@code key[i] == tag && (pte[i] & need) == need}.
 * With size 0 there is no TLB: one dead slot that never matches, and every access walks.
 */
public final class Tlb {
    /** Set in every valid key, so the all-zero key never matches. */
    static final int KEY_VALID = 1 << 28;

    /** Entries of the victim buffer that software refill needs (see {@link #Tlb(int, boolean)}). */
    public static final int VICTIMS = 4;

    private final int size;
    private final int mask;
    final int[] key;
    final int[] pte;
    private final int[] victimKey;
    private final int[] victimPte;
    private int victimNext;

    public Tlb(int size) {
        this(size, false);
    }

    /**
     * A TLB of {@code size} direct-mapped entries. With {@code victimBuffer}, entries pushed out of a slot by
     * a fill go to a small fully-associative victim buffer of {@link #VICTIMS} entries and come back from it
     * on a miss. Software refill needs it: an instruction may need several pages at once (a straddling fetch
     * and a straddling store), and if their entries shared a slot, each refill would evict the entry the
     * restarted instruction needs next, for ever.
     */
    public Tlb(int size, boolean victimBuffer) {
        if (size < 0) throw new IllegalArgumentException("TLB size must be >= 0, not " + size);
        this.size = size;
        int slots = Math.max(size, 1);
        this.mask = Integer.bitCount(slots) == 1 ? slots - 1 : -1;
        this.key = new int[slots];
        this.pte = new int[slots];
        int victims = victimBuffer && size > 0 ? VICTIMS : 0;
        this.victimKey = new int[victims];
        this.victimPte = new int[victims];
    }

    /**
     * On a miss: if the victim buffer holds vpn, swaps it back into its slot (the slot's entry goes to the
     * buffer) and returns its PTE; else 0.
     */
    int recallVictim(int vpn, int asid) {
        int tag = tag(vpn, asid);
        for (int v = 0; v < victimKey.length; v++) {
            if (victimKey[v] == tag) {
                int i = index(vpn);
                int p = victimPte[v];
                victimKey[v] = key[i];
                victimPte[v] = pte[i];
                key[i] = tag;
                pte[i] = p;
                return p;
            }
        }
        return 0;
    }

    /** The PTE the victim buffer holds for vpn in asid, or 0; changes nothing. */
    int peekVictim(int vpn, int asid) {
        int tag = tag(vpn, asid);
        for (int v = 0; v < victimKey.length; v++) {
            if (victimKey[v] == tag) return victimPte[v];
        }
        return 0;
    }

    public int size() {
        return size;
    }

    /** The tag of vpn in address space asid. */
    static int tag(int vpn, int asid) {
        return KEY_VALID | asid << 20 | vpn;
    }

    /** The slot vpn lives in. */
    int index(int vpn) {
        return mask >= 0 ? vpn & mask : vpn % size;
    }

    /** The cached PTE for vpn in asid, or 0 when the TLB does not hold it. */
    public int lookup(int vpn, int asid) {
        if (size == 0) return 0;
        int i = index(vpn);
        return key[i] == tag(vpn, asid) ? pte[i] : 0;
    }

    /** Caches a leaf PTE; evicts whatever held the slot. No-op without a TLB. */
    public void fill(int vpn, int asid, int leafPte) {
        if (size == 0) return;
        int i = index(vpn);
        int tag = tag(vpn, asid);
        if (victimKey.length > 0 && key[i] != 0 && key[i] != tag) {
            victimKey[victimNext] = key[i];
            victimPte[victimNext] = pte[i];
            victimNext = (victimNext + 1) % victimKey.length;
        }
        for (int v = 0; v < victimKey.length; v++) {
            if (victimKey[v] == tag) victimKey[v] = 0;
        }
        key[i] = tag;
        pte[i] = leafPte;
    }

    /** Drops the entry for vpn, whatever its address space. */
    public void flushPage(int vpn) {
        if (size == 0) return;
        int i = index(vpn);
        if ((key[i] & 0xFFFFF) == vpn) key[i] = 0;
        for (int v = 0; v < victimKey.length; v++) {
            if ((victimKey[v] & 0xFFFFF) == vpn) victimKey[v] = 0;
        }
    }

    /** Drops the entry for vpn in one address space. */
    public void flushPage(int vpn, int asid) {
        if (size == 0) return;
        int i = index(vpn);
        int tag = tag(vpn, asid);
        if (key[i] == tag) key[i] = 0;
        for (int v = 0; v < victimKey.length; v++) {
            if (victimKey[v] == tag) victimKey[v] = 0;
        }
    }

    /** Drops every entry of one address space. */
    public void flushAsid(int asid) {
        for (int i = 0; i < key.length; i++) {
            if ((key[i] & KEY_VALID) != 0 && ((key[i] >>> 20) & 0xFF) == asid) key[i] = 0;
        }
        for (int v = 0; v < victimKey.length; v++) {
            if ((victimKey[v] & KEY_VALID) != 0 && ((victimKey[v] >>> 20) & 0xFF) == asid) victimKey[v] = 0;
        }
    }

    public void flushAll() {
        java.util.Arrays.fill(key, 0);
        java.util.Arrays.fill(victimKey, 0);
    }

    /** Entry i as {vpn, asid, pte}, or null when the slot is empty (for debuggers and checkers). */
    public int[] entry(int i) {
        if (size == 0 || (key[i] & KEY_VALID) == 0) return null;
        return new int[] {key[i] & 0xFFFFF, (key[i] >>> 20) & 0xFF, pte[i]};
    }
}
