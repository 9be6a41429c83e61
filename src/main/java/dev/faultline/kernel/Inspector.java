package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.machine.Pte;
import dev.faultline.machine.Tlb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Read-only views of the kernel for the debugger: areas, page tables, frames, swap, TLB, processes, and
 * memory read through a page table without taking faults. Each view is a list of lines.
 */
public final class Inspector {
    private final Kernel k;

    public Inspector(Kernel kernel) {
        this.k = kernel;
    }

    /** The running process's pid, or 0 when none runs. */
    public int currentPid() {
        return k.currentPid();
    }

    public Flx image() {
        Process p = k.current();
        return p == null ? null : p.image;
    }

    /**
     * A byte of the current process's memory read through its page table, taking no fault; -1 when the
     * page is not present.
     */
    public int peekByte(int va) {
        Process p = k.current();
        if (p == null || p.space == null) return -1;
        int pte = p.space.pte(k.mem(), va >>> 12);
        if (!Pte.isValid(pte)) return -1;
        return k.mem().readByte(Pte.pfn(pte), va & 0xFFF);
    }

    public List<String> vmas() {
        List<String> out = new ArrayList<>();
        Process p = k.current();
        if (p == null || p.space == null) return out;
        for (Vma v : p.space.vmas.values()) out.add(v.toString());
        out.add(String.format("brk 0x%08x (heap from 0x%08x), %d pages resident", p.space.brk, p.space.brkStart,
                p.space.resident));
        return out;
    }

    /** Every mapped or swapped page of the current process (or just the page of va). */
    public List<String> pageTable(Integer va) {
        List<String> out = new ArrayList<>();
        Process p = k.current();
        if (p == null || p.space == null) return out;
        AddressSpace as = p.space;
        out.add(String.format("root table in frame %d, asid %d", as.rootPfn, as.asid));
        for (int i = 0; i < 1024; i++) {
            if (as.tables[i] == 0) continue;
            if (va != null && i != (va >>> 22)) continue;
            for (int j = 0; j < 1024; j++) {
                int vpn = i << 10 | j;
                if (va != null && vpn != (va >>> 12)) continue;
                int pte = k.mem().readPte(as.tables[i] - 1, j);
                if (pte == 0 && va == null) continue;
                out.add(String.format("  0x%08x  pte 0x%08x  %s", vpn << 12, pte, Pte.describe(pte)));
            }
        }
        return out;
    }

    public List<String> frames() {
        List<String> out = new ArrayList<>();
        Memory f = k.frames();
        FrameTable t = f.table;
        out.add(String.format("%d frames, %d used (peak %d), %d free", t.frames(), t.used(), t.peakUsed(), t.free()));
        for (int pfn = 0; pfn < t.frames(); pfn++) {
            if (t.kind(pfn) == FrameKind.FREE) continue;
            String use = switch (t.kind(pfn)) {
                case PAGE_TABLE -> "page table";
                case CACHE -> "page cache " + t.file(pfn).name() + " page " + t.filePage(pfn);
                default -> "anonymous";
            };
            StringBuilder owners = new StringBuilder();
            for (long key : f.mappers(pfn)) {
                AddressSpace as = k.space((int) (key >>> 32));
                int pid = as != null && as.owner != null ? as.owner.pid : -1;
                owners.append(String.format(" pid %d @0x%08x", pid, ((int) key) << 12));
            }
            out.add(String.format(Locale.ROOT, "  frame %4d  refs %d  %s%s%s", pfn, t.refs(pfn), use,
                    t.slot(pfn) >= 0 ? " (swap cache slot " + t.slot(pfn) + ")" : "", owners));
        }
        return out;
    }

    public List<String> swap() {
        List<String> out = new ArrayList<>();
        SwapDevice s = k.frames().swap;
        if (s == null) {
            out.add("no swap device");
            return out;
        }
        out.add(String.format("%d slots, %d in use", s.slots(), s.inUse));
        for (int i = 0; i < s.slots(); i++) {
            if (!s.inUse(i)) continue;
            out.add(String.format("  slot %4d  refs %d%s", i, s.refs[i],
                    s.cacheFrame[i] >= 0 ? "  cached in frame " + s.cacheFrame[i] : ""));
        }
        return out;
    }

    public List<String> tlb() {
        List<String> out = new ArrayList<>();
        Tlb t = k.cpu().tlb();
        out.add(String.format("%d entries, %d hits, %d misses", t.size(), k.cpu().tlbHits(), k.cpu().tlbMisses()));
        for (int i = 0; i < t.size(); i++) {
            int[] e = t.entry(i);
            if (e != null) out.add(String.format("  [%3d] asid %d 0x%08x -> %s", i, e[1], e[0] << 12, Pte.describe(e[2])));
        }
        return out;
    }

    public List<String> processes() {
        List<String> out = new ArrayList<>();
        for (Process p : k.processes()) {
            out.add(String.format("  pid %-3d ppid %-3d %-8s pc 0x%08x  resident %d%s", p.pid,
                    p.parent == null ? 0 : p.parent.pid, p.state.name().toLowerCase(Locale.ROOT), p.pc,
                    p.space == null ? 0 : p.space.resident, p == k.current() ? "  (running)" : ""));
        }
        return out;
    }
}
