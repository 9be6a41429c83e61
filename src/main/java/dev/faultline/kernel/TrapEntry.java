package dev.faultline.kernel;

import dev.faultline.machine.Cpu;
import dev.faultline.machine.TrapHandler;

/**
 * The CPU's way into the kernel, as xv6's trap vector leads to {@code usertrap}: the machine calls its one
 * {@link TrapHandler}, and this hands the trap to {@link Kernel#onTrap}, which reads EPC, CAUSE and TVAL
 * itself. A plain class rather than a lambda, so a copy of the kernel's objects (checkpoints) can follow it.
 */
final class TrapEntry implements TrapHandler {
    private final Kernel kernel;

    TrapEntry(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void onTrap(Cpu cpu) {
        kernel.onTrap();
    }
}
