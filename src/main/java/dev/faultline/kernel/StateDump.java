package dev.faultline.kernel;

import dev.faultline.isa.Csr;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Tlb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical text dump of everything inside one machine and its kernel: registers and CSRs, the TLB,
 * every frame (use, reference count, reverse map, page-cache and swap-cache links, a hash of its bytes),
 * the swap slots, the page cache, every address space (areas, every PTE with its A and D bits), the process
 * table (registers, signals, files, counters), the scheduler and the statistics. Two kernels that dump the
 * same lines are in the same state, as far as anything a program or a debugger can see. Reverse execution
 * is tested with it; wall-clock figures ({@code wall_ms}, {@code mips}) are left out.
 */
public final class StateDump {
    private final Cpu cpu;
    private final PhysicalMemory mem;
    private final Pager pager;
    private final Pmap pmap;
    private final ProcessTable procs;
    private final Scheduler sched;
    private final RunStats stats;
    private final int[] pendingTrap;
    private final String trapState;
    private final List<String> out = new ArrayList<>();
    /** Open file descriptions by identity, numbered in order of first appearance (fork and dup share them). */
    private final Map<OpenFile, Integer> openFiles = new IdentityHashMap<>();
    private final Map<Inode, Integer> inodes = new IdentityHashMap<>();
    private final List<Inode> inodeOrder = new ArrayList<>();

    /**
     * Built by {@link Kernel#stateDump()} from the layers it reads; pendingTrap is {cause, epc, tval} or null,
     * trapState the trap path's own hidden state as one line.
     */
    StateDump(Cpu cpu, PhysicalMemory mem, Pager pager, Pmap pmap, ProcessTable procs, Scheduler sched, RunStats stats,
              int[] pendingTrap, String trapState) {
        this.cpu = cpu;
        this.mem = mem;
        this.pager = pager;
        this.pmap = pmap;
        this.procs = procs;
        this.sched = sched;
        this.stats = stats;
        this.pendingTrap = pendingTrap;
        this.trapState = trapState;
    }

    /** The dump, one fact a line. */
    List<String> lines() {
        StateDump d = this;
        d.cpu();
        d.tlb();
        d.frames();
        d.swap();
        d.spaces();
        d.processes();
        d.pageCache();
        d.scheduler();
        d.stats();
        return d.out;
    }

    private void line(String format, Object... args) {
        out.add(String.format(Locale.ROOT, format, args));
    }

    private void cpu() {
        Cpu c = cpu;
        line("cpu pc 0x%08x instret %d halted %b user %b", c.pc(), c.instret(), c.halted(), c.userMode());
        StringBuilder regs = new StringBuilder("cpu regs");
        for (int i = 0; i < 16; i++) regs.append(String.format(" %08x", c.reg(i)));
        out.add(regs.toString());
        StringBuilder csrs = new StringBuilder("cpu csrs");
        for (Csr csr : Csr.values()) csrs.append(' ').append(csr.name().toLowerCase(Locale.ROOT)).append('=')
                .append(String.format("%08x", c.csr(csr)));
        out.add(csrs.toString());
        line("cpu tlb hits %d misses %d", c.tlbHits(), c.tlbMisses());
        int[] t = pendingTrap;
        line("cpu pending trap %s", t == null ? "none" : String.format("cause %d epc 0x%08x tval 0x%08x", t[0], t[1], t[2]));
    }

    private void tlb() {
        Tlb t = cpu.tlb();
        for (int i = 0; i < t.size(); i++) {
            int[] e = t.entry(i);
            if (e != null) line("tlb [%d] vpn 0x%05x asid %d pte 0x%08x", i, e[0], e[1], e[2]);
        }
    }

    private void frames() {
        Pager m = pager;
        FrameTable f = m.table;
        line("frames %d used %d peak %d free %d tables %d tables-peak %d evictions %d", f.frames(), f.used(), f.peakUsed(),
                f.free(), f.pageTables(), f.pageTablePeak(), m.evictions);
        line("frames replacement %s", m.replacementState());
        for (int pfn = 0; pfn < f.frames(); pfn++) {
            if (f.kind(pfn) == FrameKind.FREE) continue;
            StringBuilder mappers = new StringBuilder();
            long[] keys = f.mappers(pfn);
            java.util.Arrays.sort(keys);
            for (long key : keys) mappers.append(String.format(" %d:0x%05x", key >>> 32, (int) key));
            line("frame %d use %s refs %d slot %d file %s dirty %b pinned %b hash %016x rmap%s", pfn, f.kind(pfn),
                    f.refs(pfn), f.slot(pfn), f.file(pfn) == null ? "-" : inode(f.file(pfn)) + "@" + f.filePage(pfn),
                    f.dirty(pfn), f.pinned(pfn), hash(mem.frame(pfn)), mappers);
        }
    }

    private void swap() {
        SwapDevice s = pager.swap;
        if (s == null) {
            out.add("swap none");
            return;
        }
        line("swap slots %d in-use %d", s.slots(), s.inUse);
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        for (int i = 0; i < s.slots(); i++) {
            if (!s.inUse(i)) continue;
            String content;
            try {
                s.read(i, page);
                content = String.format("%016x", hash(page));
            } catch (IOException e) {
                content = "unreadable";
            }
            line("slot %d refs %d cache %d hash %s", i, s.refs(i), s.cacheFrame(i), content);
        }
    }

    private void spaces() {
        for (AddressSpace as : pmap.spaces()) {
            if (as == null) continue;
            line("space %d asid %d root %d owner %d brk 0x%08x..0x%08x resident %d tables %d", as.id, as.asid, as.rootPfn,
                    as.owner == null ? 0 : as.owner.pid, as.brkStart, as.brk, as.resident, as.tableCount);
            for (Vma v : as.vmas.values()) {
                line("  vma %s file %s", v, v.file == null ? "-" : inode(v.file));
            }
            for (int i = 0; i < 1024; i++) {
                if (as.tables[i] == 0) continue;
                line("  table %d in frame %d", i, as.tables[i] - 1);
                for (int j = 0; j < 1024; j++) {
                    int pte = mem.readPte(as.tables[i] - 1, j);
                    if (pte != 0) line("  pte 0x%05x 0x%08x", i << 10 | j, pte);
                }
            }
        }
    }

    private void processes() {
        for (Process p : procs.all()) {
            line("process %d parent %d orphan %b state %s pc 0x%08x space %d exit %d blocked %08x pending %08x wait %b peak %d",
                    p.pid, p.parent == null ? 0 : p.parent.pid, p.orphan, p.state, p.pc, p.space == null ? -1 : p.space.id,
                    p.exitStatus, p.blocked, p.pending, p.inWait, p.residentPeak);
            StringBuilder regs = new StringBuilder("  regs");
            for (int r : p.regs) regs.append(String.format(" %08x", r));
            out.add(regs.toString());
            StringBuilder handlers = new StringBuilder("  handlers");
            for (int s = 0; s < p.handlers.length; s++) if (p.handlers[s] != 0) handlers.append(String.format(" %d:0x%08x", s, p.handlers[s]));
            out.add(handlers.toString());
            StringBuilder children = new StringBuilder("  children");
            for (Process c : p.children) children.append(' ').append(c.pid);
            out.add(children.toString());
            for (int fd = 0; fd < Process.MAX_FDS; fd++) {
                OpenFile f = p.fds[fd];
                if (f == null) continue;
                Integer id = openFiles.computeIfAbsent(f, x -> openFiles.size());
                line("  fd %d open-file %d %s %s r%b w%b a%b offset %d", fd, id, f.kind, f.inode == null ? "-" : inode(f.inode),
                        f.readable, f.writable, f.append, f.offset);
            }
            var c = p.counters;
            line("  counters minor %d major %d dz %d file %d cow %d reuse %d in %d out %d segv %d tlb %d instr %d",
                    c.minorFaults, c.majorFaults, c.demandZero, c.fileFaults, c.cowCopies, c.cowReuses, c.swapIns, c.swapOuts,
                    c.segv, sched.tlbMissesOf(p), sched.instructionsOf(p));
        }
    }

    private void pageCache() {
        for (int i = 0; i < inodeOrder.size(); i++) {
            Inode inode = inodeOrder.get(i);
            line("inode %d %s size %d cached %s", i, inode.name(), inode.size(), new TreeMap<>(inode.pages));
        }
    }

    private void scheduler() {
        out.add("kernel " + sched.state() + " " + procs.state() + " " + trapState + " asid-owners " + pmap.asidState());
    }

    private void stats() {
        String json = stats.collect(0).toJson().replaceAll("\"wall_ms\": \\d+, \"mips\": [0-9.]+, ", "");
        for (String l : json.split("\n")) out.add("stats " + l);
    }

    private String inode(Inode inode) {
        Integer id = inodes.get(inode);
        if (id == null) {
            id = inodes.size();
            inodes.put(inode, id);
            inodeOrder.add(inode);
        }
        return "#" + id + ":" + inode.name();
    }

    /** FNV-1a, 64 bits: equal pages hash equal; a difference shows with overwhelming odds. */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
