package dev.faultline.kernel;

import dev.faultline.isa.Access;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.Mmu;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;

/**
 * The software TLB refill handler ({@code --tlb-refill software}), apart from the fault handler as on MIPS:
 * on a TLB-miss trap it walks the page table and writes the TLB entry when the PTE allows the access.
 * Anything else is a page fault for the kernel. An instruction whose misses never let it retire (its pages
 * cannot all stay in the TLB at once) is a livelock, reported rather than spun on for ever.
 */
final class SoftwareRefill {
    /** How one miss ended. */
    enum Result { REFILLED, FAULT, LIVELOCK }

    private final KernelEvents events;
    private final Cpu cpu;
    private final Mmu mmu;
    private final ProgressGuard guard;

    /** stuckLimit: the misses of one instruction without progress that make a livelock. */
    SoftwareRefill(KernelEvents events, Cpu cpu, int stuckLimit) {
        this.events = events;
        this.cpu = cpu;
        this.mmu = cpu.mmu();
        this.guard = new ProgressGuard(stuckLimit);
    }

    /** Handles process p's miss at va (by the instruction at pc), tracing the miss and the refill. */
    Result refill(Process p, int va, Access access, int pc) {
        trace(p, "miss", va);
        if (!guard.progressing(p.pid, pc, cpu.instret())) return Result.LIVELOCK;
        int pte = mmu.translate(p.space.rootPfn, va, access, true);
        if (pte == 0) return Result.FAULT;
        cpu.tlbWrite(va >>> 12, pte);
        trace(p, "refill", va);
        return Result.REFILLED;
    }

    private void trace(Process p, String op, int va) {
        if (events.on(TraceKind.TLB)) events.tracer.emit(TraceKind.TLB, events.now(), p.pid, "op", op, "addr", Tracer.addr(va));
    }
}
