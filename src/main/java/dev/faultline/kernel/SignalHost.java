package dev.faultline.kernel;

/**
 * What {@link Signals} needs from the kernel: the kernel's own access to user memory (the signal frame),
 * ending a process, waking one blocked in wait, the time, and the debugger's hook.
 */
interface SignalHost {
    /** Copies user memory into dst, taking faults as the program would; false for a bad address. */
    boolean copyIn(Process p, int va, byte[] dst, int off, int n, int pc);

    /** Copies src into user memory; false for a bad address (nothing is written then). */
    boolean copyOut(Process p, int va, byte[] src, int off, int n, int pc);

    /** Ends p with this status. */
    void exit(Process p, int status);

    /** Makes a process blocked in wait runnable. */
    void wake(Process p);

    /** The time for trace records: retired instructions. */
    long now();

    /** The debugger's hook, or null. */
    KernelListener listener();

    /** Says what the kernel's next accesses to user memory are for (debuggers show it); returns the previous. */
    String accessFor(String what);
}
