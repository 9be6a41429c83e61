package dev.faultline.kernel;

import dev.faultline.abi.Symbols;
import dev.faultline.machine.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Read-only, structured views of the kernel's memory state for the HTML report: the frame table, each
 * process's areas and page-table entries, and the swap slots. The same data the debugger's {@code frames},
 * {@code pt} and {@code swap} print as text; reading it changes nothing.
 */
public final class StateView {
    /** What a frame holds, as numbers the report's page decodes. */
    public static final int FREE = 0, PAGE_TABLE = 1, ANONYMOUS = 2, FILE = 3;

    /** One process: its parent, state, address space (by id, -1 for none) and resident pages. */
    public record Proc(int pid, int ppid, String state, int spaceId, int resident, boolean running) {}

    /** One area: [start, end), permissions as {@code r-xp}, its role, and the file behind it (or null). */
    public record Area(int start, int end, String perms, String role, String file, int filePage) {}

    /** Where a pc lies in a process's program: nearest label (or null), source file and line (or -1). */
    public record Where(String label, String file, int line) {}

    private final PhysicalMemory mem;
    private final Pager pager;
    private final List<AddressSpace> spaces;
    private final ProcessTable procs;
    private final Scheduler sched;

    /** Built by {@link Kernel#stateView()}. */
    StateView(PhysicalMemory mem, Pager pager, List<AddressSpace> spaces, ProcessTable procs, Scheduler sched) {
        this.mem = mem;
        this.pager = pager;
        this.spaces = spaces;
        this.procs = procs;
        this.sched = sched;
    }

    public int frameCount() {
        return pager.frameCount;
    }

    /** {@link #FREE}, {@link #PAGE_TABLE}, {@link #ANONYMOUS} or {@link #FILE} (a page-cache page). */
    public int use(int pfn) {
        return switch (pager.table.kind(pfn)) {
            case PAGE_TABLE -> PAGE_TABLE;
            case ANON -> ANONYMOUS;
            case CACHE -> FILE;
            case FREE -> FREE;
        };
    }

    public int refs(int pfn) {
        return pager.table.refs(pfn);
    }

    /** The swap slot whose swap cache this frame is, or -1. */
    public int swapCacheSlot(int pfn) {
        return pager.table.slot(pfn);
    }

    public int mapperCount(int pfn) {
        return pager.table.mapperCount(pfn);
    }

    public int framesUsed() {
        return pager.table.used();
    }

    /** The most frames ever in use at once. */
    public int framesPeak() {
        return pager.table.peakUsed();
    }

    public int framesFree() {
        return pager.table.free();
    }

    /** For a page-cache frame: the file's name; otherwise null. */
    public String fileName(int pfn) {
        FrameTable t = pager.table;
        return t.file(pfn) == null ? null : t.file(pfn).name();
    }

    /** For a page-cache frame: which page of its file it holds. */
    public int filePage(int pfn) {
        return pager.table.filePage(pfn);
    }

    public boolean hasSwap() {
        return pager.swap != null;
    }

    /** How many swap slots are in use (0 without a swap device). */
    public int slotsInUse() {
        SwapDevice s = pager.swap;
        return s == null ? 0 : s.inUse;
    }

    /** The id of process pid's address space, or -1 when it has none (or there is no such process). */
    public int spaceOf(int pid) {
        Process p = procs.get(pid);
        return p == null || p.space == null ? -1 : p.space.id;
    }

    /** The program break of a space, and where its heap starts. */
    public int brk(int spaceId) {
        return space(spaceId).brk;
    }

    /** How many of a space's pages are resident. */
    public int resident(int spaceId) {
        return space(spaceId).resident;
    }

    public int brkStart(int spaceId) {
        return space(spaceId).brkStart;
    }

    /** The frame holding a space's root table, and the space's ASID. */
    public int rootFrame(int spaceId) {
        return space(spaceId).rootPfn;
    }

    public int asid(int spaceId) {
        return space(spaceId).asid;
    }

    /** The frame of the second-level table at rootIndex of a space, or -1 when it has none there. */
    public int tableFrame(int spaceId, int rootIndex) {
        AddressSpace as = space(spaceId);
        return as == null ? -1 : as.tables[rootIndex] - 1;
    }

    /** One entry of the second-level table in frame table. */
    public int entry(int table, int index) {
        return mem.readPte(table, index);
    }

    /** For a page-cache frame: {@code file page N}; otherwise null. */
    public String fileLabel(int pfn) {
        FrameTable t = pager.table;
        return t.file(pfn) == null ? null : t.file(pfn).name() + " page " + t.filePage(pfn);
    }

    /** The PTEs mapping the frame, as (pid, vpn) pairs flattened: {pid0, vpn0, pid1, vpn1, …}. */
    public int[] mappers(int pfn) {
        long[] keys = pager.mappers(pfn);
        int[] out = new int[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            AddressSpace as = spaces.get((int) (keys[i] >>> 32));
            out[2 * i] = as != null && as.owner != null ? as.owner.pid : -1;
            out[2 * i + 1] = (int) keys[i];
        }
        return out;
    }

    /** Every process, zombies included, in pid order. */
    public List<Proc> processes() {
        List<Proc> out = new ArrayList<>();
        for (Process p : procs.all()) {
            out.add(new Proc(p.pid, p.parent == null ? 0 : p.parent.pid, p.state.name().toLowerCase(Locale.ROOT),
                    p.space == null ? -1 : p.space.id, p.space == null ? 0 : p.space.resident, p == sched.current()));
        }
        out.sort(java.util.Comparator.comparingInt(Proc::pid));
        return out;
    }

    public List<Area> areas(int spaceId) {
        List<Area> out = new ArrayList<>();
        AddressSpace as = space(spaceId);
        if (as == null) return out;
        for (Vma v : as.vmas.values()) {
            out.add(new Area(v.start, v.end, v.protString() + (v.shared ? "s" : "p"),
                    Inspector.areaName(v), v.file == null ? null : v.file.name(), v.filePage));
        }
        return out;
    }

    /**
     * Copies the 1024 entries of the second-level table at rootIndex of a space into dst; false (dst
     * untouched) when the space has no table there.
     */
    public boolean leafTable(int spaceId, int rootIndex, int[] dst) {
        AddressSpace as = space(spaceId);
        if (as == null || as.tables[rootIndex] == 0) return false;
        int table = as.tables[rootIndex] - 1;
        for (int j = 0; j < 1024; j++) dst[j] = mem.readPte(table, j);
        return true;
    }

    /** How many second-level tables a space has (a quick test for an empty space). */
    public int tableCount(int spaceId) {
        AddressSpace as = space(spaceId);
        if (as == null) return 0;
        int n = 0;
        for (int t : as.tables) if (t != 0) n++;
        return n;
    }

    private AddressSpace space(int id) {
        return id < 0 || id >= spaces.size() ? null : spaces.get(id);
    }

    public int swapSlots() {
        SwapDevice s = pager.swap;
        return s == null ? 0 : s.slots();
    }

    public boolean slotInUse(int slot) {
        SwapDevice s = pager.swap;
        return s != null && slot >= 0 && slot < s.slots() && s.inUse(slot);
    }

    public int slotRefs(int slot) {
        return pager.swap.refs(slot);
    }

    /** The frame holding the slot's swap cache, or -1. */
    public int slotCacheFrame(int slot) {
        return pager.swap.cacheFrame(slot);
    }

    /** The label and source line of pc in process pid's program; null when the process has no image. */
    public Where where(int pid, int pc) {
        Process p = procs.get(pid);
        if (p == null || p.image == null) return null;
        return new Where(Symbols.label(p.image, pc), p.image.sourceName(), Symbols.line(p.image, pc));
    }

    /** The pid of the process whose page tables hold this frame, or -1. */
    public int pageTableOwner(int pfn) {
        for (AddressSpace as : spaces) {
            if (as == null) continue;
            if (as.rootPfn == pfn) return as.owner == null ? -1 : as.owner.pid;
            for (int t : as.tables) {
                if (t - 1 == pfn) return as.owner == null ? -1 : as.owner.pid;
            }
        }
        return -1;
    }
}
