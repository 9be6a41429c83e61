package dev.faultline.studio;

import dev.faultline.bare.BareMachine;
import dev.faultline.isa.Csr;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.StateView;
import dev.faultline.machine.Console;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.machine.Tlb;
import dev.faultline.report.RunRecorder;
import dev.faultline.trace.Tracer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The machine at a debugger stop, as JSON for the page's pictures. {@code state} is exactly what the HTML report
 * draws for a moment (RunRecorder's whole copy: processes, areas, PTEs, frames, swap slots), so both pages draw
 * it with the same renderers; the rest is what a moment of the report lacks and the studio shows: each page
 * table as the MMU walks it (root entries, then second-level tables, read from physical memory), the TLB's
 * entries, and the statistics so far. The bare machine has no kernel state: only its tables, TLB and figures.
 */
final class Snapshot {
    private Snapshot() {}

    /** A kernel machine at this moment. */
    static String of(Kernel k, String statsText) {
        StringBuilder sb = new StringBuilder("{\"bare\":false,\"state\":").append(RunRecorder.stateJson(k));
        Cpu cpu = k.cpu();
        StateView view = k.stateView();
        sb.append(",\"tables\":[");
        boolean first = true;
        for (StateView.Proc p : view.processes()) {
            int root = rootOf(view, cpu.memory(), p.pid());
            if (root < 0) continue;
            if (!first) sb.append(',');
            first = false;
            table(sb, cpu.memory(), p.pid(), root);
        }
        sb.append(']');
        return common(sb, cpu, statsText);
    }

    /** A bare machine at this moment: the table its PTBR names, if paging is on. */
    static String of(BareMachine m, String statsText) {
        StringBuilder sb = new StringBuilder("{\"bare\":true,\"state\":null,\"tables\":[");
        int ptbr = m.cpu().csr(Csr.PTBR);
        if ((ptbr & Csr.PTBR_ENABLE) != 0 && (ptbr & Csr.PTBR_ROOT_MASK) < m.memory().frameCount()) {
            table(sb, m.memory(), 0, ptbr & Csr.PTBR_ROOT_MASK);
        }
        sb.append(']');
        return common(sb, m.cpu(), statsText);
    }

    /** The pc, the address space the MMU uses now, the TLB and the statistics; closes the object. */
    private static String common(StringBuilder sb, Cpu cpu, String statsText) {
        int ptbr = cpu.csr(Csr.PTBR);
        sb.append(",\"instret\":").append(cpu.instret());
        sb.append(",\"pc\":").append(Integer.toUnsignedLong(cpu.pc()));
        sb.append(",\"paging\":").append((ptbr & Csr.PTBR_ENABLE) != 0);
        sb.append(",\"root\":").append(ptbr & Csr.PTBR_ROOT_MASK);
        sb.append(",\"asid\":").append(ptbr >>> Csr.PTBR_ASID_SHIFT & Csr.PTBR_ASID_MASK);
        Tlb tlb = cpu.tlb();
        sb.append(",\"tlb\":{\"size\":").append(tlb.size()).append(",\"hits\":").append(cpu.tlbHits())
                .append(",\"misses\":").append(cpu.tlbMisses()).append(",\"entries\":[");
        tlbEntries(sb, cpu);
        sb.append("]},\"stats\":");
        Tracer.quote(sb, statsText, false);
        return sb.append('}').toString();
    }

    /** The TLB's filled slots: [slot, vpn, asid, pte, the PTE described as the debugger's views do]. */
    private static void tlbEntries(StringBuilder sb, Cpu cpu) {
        Tlb tlb = cpu.tlb();
        boolean first = true;
        for (int i = 0; i < tlb.size(); i++) {
            int[] e = tlb.entry(i);
            if (e == null) continue;
            if (!first) sb.append(',');
            first = false;
            sb.append('[').append(i).append(',').append(e[0]).append(',').append(e[1]).append(',')
                    .append(Integer.toUnsignedLong(e[2])).append(',');
            Tracer.quote(sb, described(e[2], cpu.memory()), false);
            sb.append(']');
        }
    }

    /**
     * The root table of a process: of the page-table frames it owns, the one no other of them points to (the
     * root points to the second-level tables; nothing points to the root). -1 when it has none.
     */
    static int rootOf(StateView view, PhysicalMemory mem, int pid) {
        List<Integer> mine = new ArrayList<>();
        for (int pfn = 0; pfn < view.frameCount(); pfn++) {
            if (view.use(pfn) == StateView.PAGE_TABLE && view.pageTableOwner(pfn) == pid) mine.add(pfn);
        }
        Set<Integer> pointedTo = new HashSet<>();
        for (int pfn : mine) {
            for (int i = 0; i < 1024; i++) {
                int pte = mem.readPte(pfn, i);
                if (Pte.isPointer(pte)) pointedTo.add(Pte.pfn(pte));
            }
        }
        for (int pfn : mine) if (!pointedTo.contains(pfn)) return pfn;
        return -1;
    }

    /**
     * One page table as the MMU walks it: {"pid", "root" (frame), "entries": [[vpn1, root entry, table frame,
     * [[vpn2, pte, described], ...]], ...]} with every non-zero entry of both levels.
     */
    private static void table(StringBuilder sb, PhysicalMemory mem, int pid, int root) {
        sb.append("{\"pid\":").append(pid).append(",\"root\":").append(root).append(",\"entries\":[");
        boolean first = true;
        for (int i = 0; i < 1024; i++) {
            int rootPte = mem.readPte(root, i);
            if (rootPte == 0) continue;
            if (!first) sb.append(',');
            first = false;
            sb.append('[').append(i).append(',').append(Integer.toUnsignedLong(rootPte)).append(',');
            boolean pointer = Pte.isPointer(rootPte) && Pte.pfn(rootPte) < mem.frameCount();
            sb.append(pointer ? Pte.pfn(rootPte) : -1).append(",[");
            if (pointer) {
                boolean firstLeaf = true;
                for (int j = 0; j < 1024; j++) {
                    int pte = mem.readPte(Pte.pfn(rootPte), j);
                    if (pte == 0) continue;
                    if (!firstLeaf) sb.append(',');
                    firstLeaf = false;
                    sb.append('[').append(j).append(',').append(Integer.toUnsignedLong(pte)).append(',');
                    Tracer.quote(sb, described(pte, mem), false);
                    sb.append(']');
                }
            }
            sb.append("]]");
        }
        sb.append("]}");
    }

    /**
     * A PTE as the debuggers describe it; a frame past RAM is named as the bare machine's debugger names it (the
     * console's page, which only a bare program maps).
     */
    private static String described(int pte, PhysicalMemory mem) {
        String text = Pte.describe(pte);
        if (!Pte.isValid(pte) || Pte.pfn(pte) < mem.frameCount()) return text;
        return text + (Pte.pfn(pte) == Console.PFN ? " (the console)" : " (outside RAM)");
    }
}
