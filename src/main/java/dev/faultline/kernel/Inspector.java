package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.machine.Tlb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Read-only views of the kernel for the debugger: areas, page tables, frames, swap, TLB, processes, and
 * memory read through a page table without taking faults. Each view is a list of lines.
 */
public final class Inspector {
    private final Cpu cpu;
    private final PhysicalMemory mem;
    private final Pager pager;
    private final List<AddressSpace> spaces;
    private final ProcessTable procs;
    private final Scheduler sched;
    private final BooleanSupplier trapPending;

    /** Built by {@link Kernel#inspector()}; trapPending says whether the running process's pc is in EPC. */
    Inspector(Cpu cpu, PhysicalMemory mem, Pager pager, List<AddressSpace> spaces, ProcessTable procs,
              Scheduler sched, BooleanSupplier trapPending) {
        this.cpu = cpu;
        this.mem = mem;
        this.pager = pager;
        this.spaces = spaces;
        this.procs = procs;
        this.sched = sched;
        this.trapPending = trapPending;
    }

    /** The running process's pid, or 0 when none runs. */
    public int currentPid() {
        Process p = sched.current();
        return p == null ? 0 : p.pid;
    }

    public Flx image() {
        Process p = sched.current();
        return p == null ? null : p.image;
    }

    /**
     * A byte of the current process's memory read through its page table, taking no fault; -1 when the
     * page is not present.
     */
    public int peekByte(int va) {
        Process p = sched.current();
        if (p == null || p.space == null) return -1;
        int pte = p.space.pte(mem, va >>> 12);
        if (!Pte.isValid(pte)) return -1;
        return mem.readByte(Pte.pfn(pte), va & 0xFFF);
    }

    /**
     * The PTE of va in the running process's page table (0 when there is none), read without side
     * effects: for the debugger, to tell a TLB-miss trap that will become a page fault.
     */
    public int currentPte(int va) {
        Process p = sched.current();
        if (p == null || p.space == null) return 0;
        return p.space.pte(mem, va >>> 12);
    }

    /** The image process pid runs, or null when there is no such process. */
    public Flx image(int pid) {
        Process p = procs.get(pid);
        return p == null ? null : p.image;
    }

    /** True while process pid exists and has not exited. */
    public boolean alive(int pid) {
        Process p = procs.get(pid);
        return p != null && p.alive() && p.space != null;
    }

    /**
     * One page of process pid's memory as a reader would find it, read without a fault, an A bit or a count:
     * {@code bytes} is null when no area covers va; {@code source} is null for a resident page, otherwise
     * where the bytes came from (the executable, a file, a swap slot, or zero for a page never touched).
     */
    public record PageView(byte[] bytes, String source) {}

    public PageView page(int pid, int va) {
        Process p = procs.get(pid);
        if (p == null || p.space == null) return new PageView(null, null);
        AddressSpace as = p.space;
        int vpn = va >>> 12;
        int pte = as.pte(mem, vpn);
        byte[] bytes = new byte[4096];
        if (Pte.isValid(pte)) {
            mem.read(Pte.pfn(pte), 0, bytes, 0, 4096);
            return new PageView(bytes, null);
        }
        try {
            if (Pte.isSwap(pte)) {
                int slot = Pte.swapSlot(pte);
                SwapDevice swap = pager.swap;
                int cached = swap.cacheFrame(slot);
                if (cached >= 0) mem.read(cached, 0, bytes, 0, 4096);
                else swap.read(slot, bytes);
                return new PageView(bytes, "swapped out: from swap slot " + slot);
            }
            Vma v = as.find(va);
            if (v == null) return new PageView(null, null);
            if (v.file == null) return new PageView(bytes, "never touched: zero until the first touch");
            int filePage = v.filePageOf(vpn);
            int frame = pager.cached(v.file, filePage);
            if (frame >= 0) mem.read(frame, 0, bytes, 0, 4096);
            else v.file.readPage(filePage, bytes);
            return new PageView(bytes, "not resident: from " + (v.role == Vma.Role.SEGMENT ? "the executable"
                    : v.file.isAnonymous() ? "shared anonymous memory" : "file " + v.file.name()));
        } catch (java.io.IOException e) {
            return new PageView(null, "unreadable backing store: " + e.getMessage());
        }
    }

    /** The PTE of va's page in process pid (0 when none), or null when there is no such process. */
    public Integer pte(int pid, int va) {
        Process p = procs.get(pid);
        if (p == null || p.space == null) return null;
        return p.space.pte(mem, va >>> 12);
    }

    /** The areas of the current process, each named: text, rodata, data, bss, heap, stack, anonymous, or a file. */
    public List<String> vmas() {
        List<String> out = new ArrayList<>();
        Process p = sched.current();
        if (p == null || p.space == null) return out;
        for (Vma v : p.space.vmas.values()) {
            out.add(String.format("%08x-%08x %s%s %-9s %s", v.start, v.end, v.protString(), v.shared ? "s" : "p",
                    areaName(v), v.file != null ? v.file.name() + " @page " + v.filePage : "").stripTrailing());
        }
        out.add(String.format("brk 0x%08x (heap from 0x%08x), %d pages resident", p.space.brk, p.space.brkStart,
                p.space.resident));
        return out;
    }

    /** The one name of an area, used by `vmas`, the report and the docs: text, rodata, data, bss, heap, stack, anonymous, file. */
    static String areaName(Vma v) {
        return switch (v.role) {
            case SEGMENT -> v.file == null ? "bss" : (v.prot & Vma.EXEC) != 0 ? "text"
                    : (v.prot & Vma.WRITE) != 0 ? "data" : "rodata";
            case HEAP -> "heap";
            case STACK -> "stack";
            case MMAP -> v.file == null ? "anonymous" : v.file.isAnonymous() ? "anonymous" : "file";
        };
    }

    /** Every mapped or swapped page of the current process (or just the page of va). */
    public List<String> pageTable(Integer va) {
        List<String> out = new ArrayList<>();
        Process p = sched.current();
        if (p == null || p.space == null) return out;
        AddressSpace as = p.space;
        out.add(String.format("root table in frame %d, asid %d", as.rootPfn, as.asid));
        out.add("bits: r read, w write, x execute, u user, a accessed, d dirty, cow copy-on-write; '-' = clear;"
                + " swap slot N = swapped out");
        for (int i = 0; i < 1024; i++) {
            if (as.tables[i] == 0) continue;
            if (va != null && i != (va >>> 22)) continue;
            out.add(String.format("second-level table for 0x%08x-0x%08x in frame %d", i << 22, (i << 22) + 0x3FFFFF,
                    as.tables[i] - 1));
            for (int j = 0; j < 1024; j++) {
                int vpn = i << 10 | j;
                if (va != null && vpn != (va >>> 12)) continue;
                int pte = mem.readPte(as.tables[i] - 1, j);
                if (pte == 0 && va == null) continue;
                out.add(String.format("  0x%08x  pte 0x%08x  %s", vpn << 12, pte, Pte.describe(pte)));
            }
        }
        if (va != null && as.tables[va >>> 22] == 0) {
            out.add(String.format("0x%08x: not mapped: no second-level table for 0x%08x-0x%08x (root entry %d is empty)",
                    va, va & 0xFFC00000, (va & 0xFFC00000) + 0x3FFFFF, va >>> 22));
        }
        return out;
    }

    public List<String> frames() {
        List<String> out = new ArrayList<>();
        Pager f = pager;
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
                AddressSpace as = spaces.get((int) (key >>> 32));
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
        SwapDevice s = pager.swap;
        if (s == null) {
            out.add("no swap device");
            return out;
        }
        out.add(String.format("%d slots, %d in use", s.slots(), s.inUse));
        for (int i = 0; i < s.slots(); i++) {
            if (!s.inUse(i)) continue;
            out.add(String.format("  slot %4d  refs %d%s", i, s.refs(i),
                    s.cacheFrame(i) >= 0 ? "  cached in frame " + s.cacheFrame(i) : ""));
        }
        return out;
    }

    public List<String> tlb() {
        List<String> out = new ArrayList<>();
        Tlb t = cpu.tlb();
        out.add(String.format("%d entries, %d hits, %d misses", t.size(), cpu.tlbHits(), cpu.tlbMisses()));
        for (int i = 0; i < t.size(); i++) {
            int[] e = t.entry(i);
            if (e != null) out.add(String.format("  [%3d] asid %d 0x%08x -> %s", i, e[1], e[0] << 12, Pte.describe(e[2])));
        }
        return out;
    }

    public List<String> processes() {
        List<String> out = new ArrayList<>();
        for (Process p : procs.all()) {
            out.add(String.format("  pid %-3d ppid %-3d %-8s pc 0x%08x  resident %d%s", p.pid,
                    p.parent == null ? 0 : p.parent.pid, p.state.name().toLowerCase(Locale.ROOT),
                    p == sched.current() && !trapPending.getAsBoolean() && cpu.userMode() ? cpu.pc() : p.pc,
                    p.space == null ? 0 : p.space.resident, p == sched.current() ? "  (running)" : ""));
        }
        return out;
    }
}
