package dev.faultline.bare;

import dev.faultline.isa.Csr;
import dev.faultline.machine.Console;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only views of a bare machine for the debugger: memory through the current translation, the page
 * table PTBR names, the TLB. Nothing here takes a fault, sets an A or D bit, or touches the console.
 */
public final class BareInspector {
    /** What {@link #peekByte} returns when there is no byte to show. */
    public static final int NOT_MAPPED = -1, NO_MEMORY = -2, DEVICE = -3;

    private final Cpu cpu;
    private final PhysicalMemory mem;

    public BareInspector(BareMachine machine) {
        this.cpu = machine.cpu();
        this.mem = machine.memory();
    }

    public boolean pagingOn() {
        return (cpu.csr(Csr.PTBR) & Csr.PTBR_ENABLE) != 0;
    }

    private int rootPfn() {
        return cpu.csr(Csr.PTBR) & Csr.PTBR_ROOT_MASK;
    }

    /**
     * The byte at va as the program would see it now: physical with paging off, through PTBR's table with
     * paging on (permissions aside). Or {@link #NOT_MAPPED}, {@link #NO_MEMORY} (a frame past RAM) or
     * {@link #DEVICE} (the console, which is never read here: a read would consume input).
     */
    public int peekByte(int va) {
        int pfn;
        if (!pagingOn()) {
            pfn = va >>> PhysicalMemory.PAGE_SHIFT;
        } else {
            int leaf = leafEntry(va >>> PhysicalMemory.PAGE_SHIFT);
            if (!Pte.isValid(leaf) || Pte.isPointer(leaf)) return NOT_MAPPED;
            pfn = Pte.pfn(leaf);
        }
        if (pfn == Console.PFN) return DEVICE;
        if (pfn >= mem.frameCount()) return NO_MEMORY;
        return mem.readByte(pfn, va & PhysicalMemory.OFFSET_MASK);
    }

    /** The second-level entry for vpn in PTBR's table, or 0 when there is no table for it in RAM. */
    private int leafEntry(int vpn) {
        if (rootPfn() >= mem.frameCount()) return 0;
        int root = mem.readPte(rootPfn(), Pte.rootIndex(vpn));
        if (!Pte.isPointer(root) || Pte.pfn(root) >= mem.frameCount()) return 0;
        return mem.readPte(Pte.pfn(root), Pte.leafIndex(vpn));
    }

    /** The page table PTBR names: every valid root entry, and every non-zero entry of its tables. */
    public List<String> pageTable(Integer onlyVa) {
        List<String> lines = new ArrayList<>();
        int root = rootPfn();
        lines.add(String.format("root table: frame 0x%x (paging %s)", root, pagingOn() ? "on" : "off"));
        if (root >= mem.frameCount()) {
            lines.add("  the root table lies outside RAM: every access faults");
            return lines;
        }
        for (int ri = 0; ri < 1024; ri++) {
            if (onlyVa != null && ri != onlyVa >>> 22) continue;
            int entry = mem.readPte(root, ri);
            int base = ri << 22;
            if (entry == 0 && onlyVa != null) {
                lines.add(String.format("  0x%08x: not mapped: no second-level table for 0x%08x-0x%08x (root entry %d"
                        + " is 0)", onlyVa, base, base + 0x3FFFFF, ri));
            }
            if (entry == 0) continue;
            if (!Pte.isPointer(entry)) {
                lines.add(String.format("  0x%08x-0x%08x  root entry 0x%08x: not a table (%s)", base, base + 0x3FFFFF, entry,
                        Pte.isValid(entry) ? "a leaf at the root level faults" : "invalid"));
                continue;
            }
            int table = Pte.pfn(entry);
            lines.add(String.format("  0x%08x-0x%08x  table in frame 0x%x%s", base, base + 0x3FFFFF, table,
                    table >= mem.frameCount() ? " (outside RAM: faults)" : ""));
            if (table >= mem.frameCount()) continue;
            for (int li = 0; li < 1024; li++) {
                int va = base | li << 12;
                if (onlyVa != null && li != ((onlyVa >>> 12) & 0x3FF)) continue;
                int pte = mem.readPte(table, li);
                if (pte == 0) continue;
                lines.add(String.format("    0x%08x  0x%08x  %s%s", va, pte, Pte.describe(pte), frameNote(pte)));
            }
        }
        if (lines.size() == 1) lines.add("  (no entries)");
        return lines;
    }

    private String frameNote(int pte) {
        if (!Pte.isValid(pte)) return "";
        if (Pte.pfn(pte) == Console.PFN) return " (the console)";
        return Pte.pfn(pte) >= mem.frameCount() ? " (outside RAM)" : "";
    }

    /** The TLB's entries, one line each. */
    public List<String> tlb() {
        List<String> lines = new ArrayList<>();
        int size = cpu.tlb().size();
        lines.add("TLB: " + size + " entries" + (cpu.softwareRefill() ? ", software refill" : ", hardware refill"));
        for (int i = 0; i < size; i++) {
            int[] e = cpu.tlb().entry(i);
            if (e == null) continue;
            lines.add(String.format("  [%d] va 0x%08x asid %d -> %s%s", i, e[0] << 12, e[1], Pte.describe(e[2]), frameNote(e[2])));
        }
        if (lines.size() == 1) lines.add("  (empty)");
        return lines;
    }
}
