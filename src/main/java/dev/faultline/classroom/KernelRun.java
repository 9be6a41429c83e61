package dev.faultline.classroom;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.kernel.KernelListener;
import dev.faultline.machine.Machine;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.policy.Policy;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a generated FL32 program on Faultline's kernel, in-process, and keeps every trace record it writes
 * (through the tracer's tap, the same records {@code --trace=all} prints). The fork, restart and classify
 * exercises read their answers from these records; nothing here decides what a fault is.
 */
final class KernelRun {
    /** One trace record: its type, time, process and fields (addresses and pcs as plain ints). */
    record Rec(String ev, long t, int pid, Map<String, Object> fields) {
        int addr(String key) {
            return ((Number) fields.get(key)).intValue();
        }

        String str(String key) {
            return String.valueOf(fields.get(key));
        }
    }

    /** What a listener saw at a trap: the trap and the bytes at TVAL .. TVAL+3 of the trapping process. */
    record TrapView(int pid, TrapCause cause, int epc, int tval, String bytes, int[] regs) {}

    final List<Rec> records = new ArrayList<>();
    final List<TrapView> traps = new ArrayList<>();
    final Map<Integer, String> labels = new TreeMap<>();
    final String stdout;
    final int status;
    final String source;

    private Integer watch;

    private KernelRun(String source, int frames, int swap, String watchSymbol, int watchOffset) {
        this.source = source;
        AsmResult asm = Assembler.assembleString("exercise.s", source);
        if (!asm.ok()) throw new IllegalStateException("KernelRun: " + asm.formatDiagnostics());
        Flx flx = asm.flx();
        for (Flx.Symbol s : flx.symbols()) {
            if (s.section() == Flx.SECTION_TEXT) labels.putIfAbsent(s.value(), s.name());
            if (s.name().equals(watchSymbol)) watch = s.value() + watchOffset;
        }
        Tracer tracer = new Tracer(java.util.Set.of(), null, false, null, (kind, t, pid, fields) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.length; i += 2) m.put(String.valueOf(fields[i]), plain(fields[i + 1]));
            records.add(new Rec(kind.ev(), t, pid, m));
        });
        KernelConfig cfg = new KernelConfig(frames, swap, null, Policy.clock(), 1, 64, false, 10_000, 8, null, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Kernel kernel;
        try {
            kernel = new Kernel(Machine.build(frames, 64, false), cfg, tracer, new ByteArrayInputStream(new byte[0]), out,
                    new PrintStream(new ByteArrayOutputStream(), true));
        } catch (IOException e) {
            throw new IllegalStateException("KernelRun: " + e.getMessage(), e);
        }
        kernel.setListener(new KernelListener() {
            @Override
            public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
                if (!cause.isPageFault()) return false;
                int[] regs = new int[16];
                for (int i = 0; i < 16; i++) regs[i] = kernel.cpu().reg(i);
                traps.add(new TrapView(pid, cause, epc, tval, peek(kernel, watch == null ? tval : watch), regs));
                return false;
            }
        });
        String problem = kernel.boot(flx, "exercise.s");
        if (problem != null) throw new IllegalStateException("KernelRun: " + problem);
        Kernel.Outcome outcome = kernel.run(1_000_000);
        if (outcome != Kernel.Outcome.EXITED) throw new IllegalStateException("KernelRun: the run ended " + outcome);
        kernel.shutdown();
        kernel.flushOutput();
        this.stdout = out.toString(StandardCharsets.UTF_8);
        this.status = kernel.exitStatus();
    }

    static KernelRun of(String source) {
        return new KernelRun(source, 256, 1024, null, 0);
    }

    /** A run that shows, at each page-fault trap, the four bytes at symbol + offset instead of at TVAL. */
    static KernelRun watching(String source, String symbol, int offset) {
        return new KernelRun(source, 256, 1024, symbol, offset);
    }

    static KernelRun of(String source, int frames) {
        return new KernelRun(source, frames, 1024, null, 0);
    }

    List<Rec> all(String ev) {
        List<Rec> out = new ArrayList<>();
        for (Rec r : records) {
            if (r.ev.equals(ev)) out.add(r);
        }
        return out;
    }

    /** The label at pc, or the nearest one before it with an offset: {@code s2}, {@code loop+3}. */
    String where(int pc) {
        Map.Entry<Integer, String> e = ((TreeMap<Integer, String>) labels).floorEntry(pc);
        if (e == null) return String.format("0x%08x", pc);
        return e.getKey() == pc ? e.getValue() : e.getValue() + "+" + (pc - e.getKey());
    }

    private static Object plain(Object v) {
        if (v instanceof Tracer.Addr a) return a.value();
        if (v instanceof Tracer.Pc p) return p.value();
        if (v instanceof Tracer.Sig s) return s.value();
        return v;
    }

    /** The four bytes at va as the trapping process sees them now, or "not mapped" for each missing byte. */
    private static String peek(Kernel kernel, int va) {
        int root = kernel.cpu().csr(Csr.PTBR) & Csr.PTBR_ROOT_MASK;
        PhysicalMemory mem = kernel.cpu().memory();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int a = va + i;
            int leaf = kernel.cpu().mmu().walk(root, a >>> 12);
            sb.append(i == 0 ? "" : " ");
            if (leaf == 0) sb.append("--");
            else sb.append(String.format("%02x", mem.readByte(Pte.pfn(leaf), a & 0xFFF)));
        }
        return sb.toString();
    }

}
