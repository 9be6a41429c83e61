package dev.faultline.kernel;

import dev.faultline.isa.Csr;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The page-table layer, the pmap of BSD kernels: the lowest layer of the kernel's memory system, below the
 * pager and the fault handler. It owns the registry of address spaces and their ASIDs, reads and writes
 * PTEs, and flushes the TLB entry a PTE write makes stale, so no PTE changes without its flush. It knows
 * nothing of frames' owners, files or swap: the layers above decide what a PTE should say, this one says it.
 */
final class Pmap {
    private final PhysicalMemory mem;
    private final Cpu cpu;
    /** Every address space by id; null where a destroyed one was (its id is reused). */
    private final List<AddressSpace> spaces = new ArrayList<>();
    /** The space that last used each ASID (see {@link #activate}). */
    private final int[] asidOwner = new int[256];

    Pmap(PhysicalMemory mem, Cpu cpu) {
        this.mem = mem;
        this.cpu = cpu;
    }

    // ------------------------------------------------------------------ spaces and ASIDs

    /**
     * Registers a new space whose root table is {@code rootPfn}: the lowest free id, and an ASID from it.
     * ASIDs are 8 bits, so the TLB may still hold entries of the space that used this ASID last: they go now.
     */
    AddressSpace create(int rootPfn) {
        int id = spaces.indexOf(null);
        if (id < 0) {
            id = spaces.size();
            spaces.add(null);
        }
        int asid = id % 255 + 1;
        cpu.tlb().flushAsid(asid);
        asidOwner[asid] = id;
        AddressSpace as = new AddressSpace(id, asid, rootPfn);
        spaces.set(id, as);
        return as;
    }

    /** Forgets a space whose frames are gone, and every TLB entry of its ASID. */
    void remove(AddressSpace as) {
        cpu.tlb().flushAsid(as.asid);
        spaces.set(as.id, null);
    }

    /** The space a reverse-map key names, or null when it was destroyed. */
    AddressSpace space(int id) {
        return spaces.get(id);
    }

    /** Every space by id, null where a destroyed one was. Read only: the views and the checker walk it. */
    List<AddressSpace> spaces() {
        return spaces;
    }

    /** The live space whose entries the TLB may hold under asid, or null. */
    AddressSpace asidOwner(int asid) {
        int id = asidOwner[asid];
        AddressSpace as = id < spaces.size() ? spaces.get(id) : null;
        return as != null && as.asid == asid ? as : null;
    }

    /**
     * Points the MMU at a space. More than 255 live spaces share the ASIDs: when the space that last ran with
     * this ASID was another one, its TLB entries are flushed first.
     */
    void activate(AddressSpace as) {
        if (asidOwner[as.asid] != as.id) {
            cpu.tlb().flushAsid(as.asid);
            asidOwner[as.asid] = as.id;
        }
        cpu.setCsr(Csr.PTBR, as.ptbr());
    }

    /** Drops every TLB entry of a space (fork made many of its PTEs copy-on-write at once). */
    void flush(AddressSpace as) {
        cpu.tlb().flushAsid(as.asid);
    }

    /** The ASID bookkeeping, as one word for {@link StateDump}. */
    int asidState() {
        return Arrays.hashCode(asidOwner);
    }

    // ------------------------------------------------------------------ tables and entries

    /** The PTE of vpn (0 when its table does not exist). */
    int pte(AddressSpace as, int vpn) {
        return as.pte(mem, vpn);
    }

    /** Writes the PTE of vpn (its table must exist) and flushes the TLB entry it may have. */
    void writePte(AddressSpace as, int vpn, int pte) {
        int t = as.table(vpn);
        if (t < 0) throw new IllegalStateException(String.format("Pmap.writePte: no page table for 0x%08x", vpn << 12));
        mem.writePte(t, vpn & 0x3FF, pte);
        cpu.tlbFlushPage(vpn, as.asid);
    }

    /** Hooks a fresh second-level table (frame tablePfn) into the root for vpn's 4 MiB. */
    void addTable(AddressSpace as, int vpn, int tablePfn) {
        mem.writePte(as.rootPfn, vpn >>> 10, Pte.make(tablePfn, Pte.V));
        as.tables[vpn >>> 10] = tablePfn + 1;
        as.tableCount++;
    }

    /** Unhooks second-level table i of a space being destroyed; its frame, for the caller to free. */
    int removeTable(AddressSpace as, int i) {
        int t = as.tables[i] - 1;
        as.tables[i] = 0;
        return t;
    }

    /** All 1024 entries of second-level table i (which exists) into ptes. */
    void readTable(AddressSpace as, int i, int[] ptes) {
        mem.readPtes(as.tables[i] - 1, ptes);
    }

    /**
     * All 1024 entries of table i (which exists) from ptes, flushing nothing: fork writes whole tables and
     * then flushes the parent once ({@link #flush}); the child's ASID was flushed when it was made.
     */
    void writeTable(AddressSpace as, int i, int[] ptes) {
        mem.writePtes(as.tables[i] - 1, ptes);
    }
}
