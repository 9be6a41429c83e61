package dev.faultline.kernel;

import dev.faultline.isa.Access;

/** Hears kernel events before the kernel handles them (the debugger's catchpoints). */
public interface KernelListener {
    /** A page fault is about to be handled. */
    default void fault(int pid, int va, Access access, int pc) { }

    /** A signal is about to be delivered or to kill. */
    default void signal(int pid, int sig) { }

    /** A {@code brk} was hit; true if a debugger takes it (the program then goes on past it). */
    default boolean breakpoint(int pid, int pc) {
        return false;
    }
}
