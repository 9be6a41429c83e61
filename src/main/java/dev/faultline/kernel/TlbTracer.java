package dev.faultline.kernel;

import dev.faultline.machine.MachineObserver;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;

/**
 * The {@code tlb} trace records of the machine's own TLB work: misses and refills the hardware walker
 * handles (with software refill the kernel writes those itself, on its refill path), and every flush.
 */
final class TlbTracer implements MachineObserver {
    private final KernelEvents events;
    private final boolean softwareRefill;

    TlbTracer(KernelEvents events, boolean softwareRefill) {
        this.events = events;
        this.softwareRefill = softwareRefill;
    }

    @Override
    public void tlbMiss(int va, int asid) {
        if (!softwareRefill) emit("miss", Tracer.addr(va));
    }

    @Override
    public void tlbRefill(int vpn, int asid) {
        if (!softwareRefill) emit("refill", Tracer.addr(vpn << 12));
    }

    @Override
    public void tlbFlush(int va, boolean all) {
        emit("flush", all ? null : Tracer.addr(va));
    }

    private void emit(String op, Object addr) {
        events.tracer.emit(TraceKind.TLB, events.now(), events.currentPid(), "op", op, "addr", addr);
    }
}
