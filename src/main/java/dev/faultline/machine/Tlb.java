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

    private final int size;
    private final int mask;
    final int[] key;
    final int[] pte;

    public Tlb(int size) {
        if (size < 0) throw new IllegalArgumentException("TLB size must be >= 0, not " + size);
        this.size = size;
        int slots = Math.max(size, 1);
        this.mask = Integer.bitCount(slots) == 1 ? slots - 1 : -1;
        this.key = new int[slots];
        this.pte = new int[slots];
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
        key[i] = tag(vpn, asid);
        pte[i] = leafPte;
    }

    /** Drops the entry for vpn, whatever its address space. */
    public void flushPage(int vpn) {
        if (size == 0) return;
        int i = index(vpn);
        if ((key[i] & 0xFFFFF) == vpn) key[i] = 0;
    }

    /** Drops the entry for vpn in one address space. */
    public void flushPage(int vpn, int asid) {
        if (size == 0) return;
        int i = index(vpn);
        if (key[i] == tag(vpn, asid)) key[i] = 0;
    }

    /** Drops every entry of one address space. */
    public void flushAsid(int asid) {
        for (int i = 0; i < key.length; i++) {
            if ((key[i] & KEY_VALID) != 0 && ((key[i] >>> 20) & 0xFF) == asid) key[i] = 0;
        }
    }

    public void flushAll() {
        java.util.Arrays.fill(key, 0);
    }

    /** Entry i as {vpn, asid, pte}, or null when the slot is empty (for debuggers and checkers). */
    public int[] entry(int i) {
        if (size == 0 || (key[i] & KEY_VALID) == 0) return null;
        return new int[] {key[i] & 0xFFFFF, (key[i] >>> 20) & 0xFF, pte[i]};
    }
}
