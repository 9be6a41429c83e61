package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Read-only views of the kernel for the debugger: areas, page tables, frames, swap, TLB, processes, and
 * memory read through a page table without taking faults. The debugger's views of frames, areas, swap and
 * processes are built as records from these and {@link StateView} (dev.faultline.debug.view.KernelViews).
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

    /** How many processes the table holds, zombies included. */
    public int processCount() {
        return procs.count();
    }

    /**
     * The pc of process pid as {@code ps} shows it: the CPU's pc for the running process while it runs in
     * user mode with no trap pending, otherwise the pc saved in the process; -1 when there is no such process.
     */
    public int pc(int pid) {
        Process p = procs.get(pid);
        if (p == null) return -1;
        return p == sched.current() && !trapPending.getAsBoolean() && cpu.userMode() ? cpu.pc() : p.pc;
    }
}
