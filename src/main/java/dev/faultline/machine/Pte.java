package dev.faultline.machine;

/** The page-table entry layout (docs/isa.md section 4), the one holder of its bits. */
public final class Pte {
    private Pte() {}

    public static final int V = 1, R = 2, W = 4, X = 8, U = 16, A = 32, D = 64;
    /** Software bits, free for the kernel: bit 8 marks copy-on-write, bit 9 is spare. */
    public static final int COW = 1 << 8, SW2 = 1 << 9;
    public static final int PFN_SHIFT = 10;
    public static final int FLAG_MASK = (1 << PFN_SHIFT) - 1;
    /** A swap entry: V=0, bit 1 set, slot number in bits 10-31 (docs/kernel.md, swap). */
    public static final int SWAP_MARK = 2;

    public static int pfn(int pte) {
        return pte >>> PFN_SHIFT;
    }

    public static int make(int pfn, int flags) {
        return pfn << PFN_SHIFT | flags;
    }

    public static boolean isValid(int pte) {
        return (pte & V) != 0;
    }

    /** A valid root entry with R=W=X=0 points to a second-level table. */
    public static boolean isPointer(int pte) {
        return (pte & (V | R | W | X)) == V;
    }

    public static boolean isSwap(int pte) {
        return (pte & V) == 0 && (pte & SWAP_MARK) != 0;
    }

    public static int swapEntry(int slot) {
        return slot << PFN_SHIFT | SWAP_MARK;
    }

    public static int swapSlot(int pte) {
        return pte >>> PFN_SHIFT;
    }

    /** Root index of a virtual page number (10 bits). */
    public static int rootIndex(int vpn) {
        return vpn >>> 10;
    }

    /** Second-level index of a virtual page number (10 bits). */
    public static int leafIndex(int vpn) {
        return vpn & 0x3FF;
    }

    public static String describe(int pte) {
        if (isSwap(pte)) return "swap slot " + swapSlot(pte);
        if (!isValid(pte)) return pte == 0 ? "none" : String.format("invalid 0x%08x", pte);
        StringBuilder sb = new StringBuilder();
        sb.append((pte & R) != 0 ? 'r' : '-').append((pte & W) != 0 ? 'w' : '-').append((pte & X) != 0 ? 'x' : '-')
                .append((pte & U) != 0 ? 'u' : '-').append((pte & A) != 0 ? 'a' : '-').append((pte & D) != 0 ? 'd' : '-');
        if ((pte & COW) != 0) sb.append(" cow");
        sb.append(" frame ").append(pfn(pte));
        return sb.toString();
    }
}
