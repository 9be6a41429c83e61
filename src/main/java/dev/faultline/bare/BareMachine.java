package dev.faultline.bare;

import dev.faultline.abi.Flx;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Console;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.MachineObserver;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Tlb;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The bare machine (docs/bare.md): the FL32 machine alone, with the console device and no kernel. The
 * program is its own kernel: a trap sets the CSRs and jumps to TVEC, nothing else. This class boots it,
 * runs it, and watches it (trace records, trap counts, a debugger's catch) without ever handling a trap.
 */
public final class BareMachine {
    /** How a run (or a part of one) ended. */
    public enum Outcome { HALTED, UNHANDLED_TRAP, MAX_STEPS, STOPPED }

    /** Hears each trap the machine takes (a debugger's {@code catch trap}); may call {@link Cpu#requestStop()}. */
    public interface TrapListener {
        void trapTaken(TrapCause cause, int epc, int tval);
    }

    /** A trap taken, as the trace records it. */
    public record Trap(TrapCause cause, int epc, int tval) {
        /** The sentence of an unhandled trap (docs/bare.md). */
        public String unhandledMessage() {
            return String.format("unhandled trap %s at pc 0x%08x (tval 0x%08x)", cause.traceName(), epc, tval);
        }
    }

    private final BareConfig cfg;
    private final PhysicalMemory mem;
    private final Cpu cpu;
    private final Tracer tracer;
    private final long[] trapCounts = new long[TrapCause.values().length];
    /** The most recent trap, if it was a fault and no sret has returned since; null otherwise. */
    private Trap restartable;
    private Trap unhandled;
    /** True when the unhandled trap is the handler's own first instruction trapping again and again. */
    private boolean trapLoop;
    /** The retired count at the previous trap, and whether that trap was taken at TVEC itself. */
    private long lastTrapInstret = -1;
    private boolean lastTrapAtVector;
    private Flx image;
    private TrapListener trapListener;

    public BareMachine(BareConfig cfg, Tracer tracer, InputStream in, PrintStream out) {
        this.cfg = cfg;
        this.tracer = tracer;
        this.mem = new PhysicalMemory(cfg.frames());
        mem.attach(new Console(in, out));
        this.cpu = new Cpu(mem, new Tlb(cfg.tlbSize(), cfg.softwareRefill()), cfg.softwareRefill());
        cpu.setObserver(new Watcher());
    }

    /**
     * Loads the image at its physical addresses and sets the boot state: every register and CSR 0, kernel
     * mode with interrupts off, paging off, pc = the entry point. Returns null, or why the image cannot run.
     */
    public String boot(Flx program) {
        String problem = BareLoader.load(program, mem);
        if (problem != null) return problem;
        this.image = program;
        cpu.setCsr(Csr.STATUS, Csr.STATUS_M);
        cpu.setPc(program.entry());
        return null;
    }

    /** The most recent trap if it was a fault and no sret has returned since: an sret to its pc restarts it. */
    public Trap restartable() {
        return restartable;
    }

    /** Runs until halt, an unhandled trap, a stop requested by a listener, or {@code stopAt} retired instructions. */
    public Outcome run(long stopAt) {
        cpu.run(stopAt);
        if (unhandled != null) return Outcome.UNHANDLED_TRAP;
        if (cpu.halted()) {
            return Outcome.HALTED;
        }
        return cpu.instret() >= stopAt ? Outcome.MAX_STEPS : Outcome.STOPPED;
    }

    /** Writes the {@code halt} record (call once, when the run has halted). */
    public void recordHalt() {
        if (tracer.on(TraceKind.HALT)) tracer.emit(TraceKind.HALT, cpu.instret(), 0, "status", exitStatus());
    }

    /** The exit status of a halted machine: a0 mod 256. */
    public int exitStatus() {
        return cpu.reg(1) & 0xFF;
    }

    /** The trap taken while TVEC was 0 (or with a handler that cannot run), or null. */
    public Trap unhandledTrap() {
        return unhandled;
    }

    /** The message for {@link #unhandledTrap()}: the sentence of docs/bare.md, and why when TVEC was not 0. */
    public String unhandledMessage() {
        if (unhandled == null) return null;
        return unhandled.unhandledMessage() + (trapLoop ? String.format(": the handler's first instruction at"
                + " TVEC 0x%08x traps every time it runs", cpu.csr(Csr.TVEC)) : "");
    }

    public boolean finished() {
        return cpu.halted() || unhandled != null;
    }

    public Cpu cpu() {
        return cpu;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public BareConfig config() {
        return cfg;
    }

    public Flx image() {
        return image;
    }

    public void setTrapListener(TrapListener listener) {
        this.trapListener = listener;
    }

    /** How many traps of each cause were taken, indexed by cause code. */
    public long[] trapCounts() {
        return trapCounts.clone();
    }

    /** The statistics of docs/cli.md that apply to the bare machine. */
    public BareStats stats(long wallMs) {
        return new BareStats(cpu.instret(), wallMs, cpu.tlbHits(), cpu.tlbMisses(), trapCounts());
    }

    /** Turns the processor's events into trace records, counts, the restart rule and the TVEC = 0 stop. */
    private final class Watcher implements MachineObserver {
        @Override
        public void trapTaken(int cause, int epc, int tval) {
            TrapCause c = TrapCause.of(cause);
            trapCounts[cause]++;
            Trap trap = new Trap(c, epc, tval);
            if (tracer.on(TraceKind.TRAP)) {
                tracer.emit(TraceKind.TRAP, cpu.instret(), 0, "cause", c.traceName(), "pc", Tracer.pc(epc),
                        "tval", Tracer.addr(tval));
            }
            restartable = c.isPageFault() || c.isTlbMiss() ? trap : null;
            int tvec = cpu.csr(Csr.TVEC);
            // The handler's first instruction trapped twice with nothing retired: it would trap for ever.
            boolean atVector = epc == tvec && cpu.instret() == lastTrapInstret;
            trapLoop = atVector && lastTrapAtVector;
            lastTrapAtVector = atVector;
            lastTrapInstret = cpu.instret();
            if (tvec == 0 || trapLoop) {
                unhandled = trap;
                cpu.requestStop();
                return;
            }
            if (trapListener != null) trapListener.trapTaken(c, epc, tval);
        }

        @Override
        public void trapReturn(int pc) {
            if (restartable != null && restartable.epc() == pc && tracer.on(TraceKind.RESTART)) {
                tracer.emit(TraceKind.RESTART, cpu.instret(), 0, "pc", Tracer.pc(pc));
            }
            restartable = null;
        }

        @Override
        public void tlbMiss(int va, int asid) {
            if (!cfg.softwareRefill() && tracer.on(TraceKind.TLB)) {
                tracer.emit(TraceKind.TLB, cpu.instret(), 0, "op", "miss", "addr", Tracer.addr(va));
            }
        }

        @Override
        public void tlbRefill(int vpn, int asid) {
            if (tracer.on(TraceKind.TLB)) {
                tracer.emit(TraceKind.TLB, cpu.instret(), 0, "op", "refill", "addr", Tracer.addr(vpn << 12));
            }
        }

        @Override
        public void tlbFlush(int va, boolean all) {
            if (tracer.on(TraceKind.TLB)) {
                tracer.emit(TraceKind.TLB, cpu.instret(), 0, "op", "flush", "addr", all ? null : Tracer.addr(va));
            }
        }
    }
}
