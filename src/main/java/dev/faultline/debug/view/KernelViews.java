package dev.faultline.debug.view;

import dev.faultline.kernel.Inspector;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.StateView;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the kernel's view records (frames, areas, processes, swap, page table) from its read-only accessors.
 * The one place they are made: the debugger's terminal face prints them and the report records them, so both
 * show the same data for the same moment. Reading changes nothing in the kernel.
 */
public final class KernelViews {
    private final Inspector inspector;
    private final StateView state;

    public KernelViews(Kernel k) {
        this.inspector = k.inspector();
        this.state = k.stateView();
    }

    /** The frame table: every frame in use. */
    public Frames frames() {
        List<Frames.Frame> frames = new ArrayList<>();
        for (int pfn = 0; pfn < state.frameCount(); pfn++) {
            if (state.use(pfn) != StateView.FREE) frames.add(frame(pfn));
        }
        return new Frames(state.frameCount(), state.framesUsed(), state.framesPeak(), state.framesFree(), frames);
    }

    /** One frame in use (for a free frame: null). */
    public Frames.Frame frame(int pfn) {
        Frames.Use use = switch (state.use(pfn)) {
            case StateView.PAGE_TABLE -> Frames.Use.PAGE_TABLE;
            case StateView.ANONYMOUS -> Frames.Use.ANONYMOUS;
            case StateView.FILE -> Frames.Use.FILE;
            default -> null;
        };
        if (use == null) return null;
        int[] pairs = state.mappers(pfn);
        List<Frames.Mapper> mappers = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) mappers.add(new Frames.Mapper(pairs[i], pairs[i + 1] << 12));
        int owner = use == Frames.Use.PAGE_TABLE ? state.pageTableOwner(pfn) : -1;
        return new Frames.Frame(pfn, use, state.refs(pfn), state.swapCacheSlot(pfn), state.fileName(pfn),
                state.filePage(pfn), owner, mappers);
    }

    /** Every process, zombies included, in pid order; exitStatus is what a face says when none is left. */
    public Processes processes(int exitStatus) {
        List<Processes.Proc> out = new ArrayList<>();
        for (StateView.Proc p : state.processes()) {
            out.add(new Processes.Proc(p.pid(), p.ppid(), p.state(), inspector.pc(p.pid()), p.resident(), p.running()));
        }
        return new Processes(out, exitStatus);
    }

    /** The areas of process pid (none when it has no address space). */
    public Areas areas(int pid) {
        int space = state.spaceOf(pid);
        List<Areas.Area> out = new ArrayList<>();
        for (StateView.Area a : state.areas(space)) {
            out.add(new Areas.Area(a.start(), a.end(), a.perms(), a.role(), a.file(), a.filePage()));
        }
        if (space < 0) return new Areas(pid, out, 0, 0, 0);
        return new Areas(pid, out, state.brk(space), state.brkStart(space), state.resident(space));
    }

    /** The swap slots in use. */
    public SwapSlots swap() {
        List<SwapSlots.Slot> used = new ArrayList<>();
        for (int i = 0; i < state.swapSlots(); i++) {
            if (state.slotInUse(i)) used.add(slot(i));
        }
        return new SwapSlots(state.hasSwap(), state.swapSlots(), state.slotsInUse(), used);
    }

    /** One slot in use. */
    public SwapSlots.Slot slot(int i) {
        return new SwapSlots.Slot(i, state.slotRefs(i), state.slotCacheFrame(i));
    }

    /** Process pid's page table, or only the table and entry of va when va is given. */
    public PageTable pageTable(int pid, Integer va) {
        int space = state.spaceOf(pid);
        List<PageTable.Table> tables = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            int frame = state.tableFrame(space, i);
            if (frame < 0 || (va != null && i != (va >>> 22))) continue;
            List<PageTable.Entry> entries = new ArrayList<>();
            for (int j = 0; j < 1024; j++) {
                int vpn = i << 10 | j;
                if (va != null && vpn != (va >>> 12)) continue;
                int pte = state.entry(frame, j);
                if (pte == 0 && va == null) continue;
                entries.add(new PageTable.Entry(vpn << 12, pte));
            }
            tables.add(new PageTable.Table(i, frame, entries));
        }
        return new PageTable(pid, state.rootFrame(space), state.asid(space), va, tables);
    }

    /** The running process's pid, or 0 when none runs. */
    public int currentPid() {
        return inspector.currentPid();
    }
}
