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

    /** A signal was raised (before it is delivered or kills). */
    default void signal(int pid, int sig) { }

    /** A page went out to swap or came back. */
    default void swap(int pid, boolean out, int frame, int slot) { }

    /** The kernel finished handling a trap and is about to return to user mode: its state is consistent. */
    default void trapHandled() { }

    /** A {@code brk} was hit; true if a debugger takes it (the program then goes on past it). */
    default boolean breakpoint(int pid, int pc) {
        return false;
    }
}
