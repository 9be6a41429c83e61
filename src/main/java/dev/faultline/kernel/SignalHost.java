package dev.faultline.kernel;

/**
 * What {@link Signals} needs from the kernel: ending a process, waking one blocked in wait, the time, and the debugger's hook.
 */
interface SignalHost {
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
