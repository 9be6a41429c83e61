package dev.faultline.kernel;

import dev.faultline.isa.TrapCause;

/** Hears kernel events (the debugger's catchpoints and its trap-level steps). */
public interface KernelListener {
    /**
     * A trap was taken and is about to be handled. Returning true stops the machine before the kernel
     * handles it; {@link Kernel#handlePendingTrap()} handles it later.
     */
    default boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
        return false;
    }

    /**
     * A signal is about to act on process pid: {@code action} is {@code handler}, {@code kill} or
     * {@code ignore}; pc is where the process is. The process is still alive while this runs.
     */
    default void signal(int pid, int sig, String action, int pc) { }

    /**
     * The kernel is about to handle a fault it takes itself, touching user memory at va for {@code what}
     * (a syscall such as {@code write()}, or the signal frame); pc is the {@code sys} instruction.
     */
    default void kernelFault(int pid, int va, dev.faultline.isa.Access access, int pc, String what) { }

    /**
     * With software TLB refill: a TLB miss whose PTE does not allow the access is about to be handled as a
     * page fault.
     */
    default void tlbMissFault(int pid, int va, dev.faultline.isa.Access access, int pc) { }

    /** A page fault was handled (program's or kernel's): its kind, whether major, the frame mapped (or -1). */
    default void faultHandled(int pid, int va, dev.faultline.isa.Access access, int pc, FaultKind kind, boolean major,
                              int frame, boolean byKernel) { }

    /** A page went out to swap or came back. */
    default void swap(int pid, boolean out, int frame, int slot) { }

    /**
     * Process pid is about to run again the instruction at pc that trapped: the moment a {@code restart} trace
     * record is written (docs/cli.md), whether or not the trace is on.
     */
    default void restart(int pid, int pc) { }

    /** The kernel finished handling a trap and is about to return to user mode: its state is consistent. */
    default void trapHandled() { }

    /** A {@code brk} was hit; true if a debugger takes it (the program then goes on past it). */
    default boolean breakpoint(int pid, int pc) {
        return false;
    }
}
