package dev.faultline.machine;

/**
 * What the processor calls when it takes a trap, after trap entry (docs/isa.md section 5): EPC, CAUSE and TVAL
 * are set, the mode is kernel and pc is TVEC. The handler returns to user code with {@link Cpu#sret()},
 * or stops the machine with {@link Cpu#halt()}. This is the only way the kernel is entered.
 */
@FunctionalInterface
public interface TrapHandler {
    void onTrap(Cpu cpu);
}
