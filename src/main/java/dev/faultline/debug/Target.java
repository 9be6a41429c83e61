package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.debug.view.View;
import dev.faultline.debug.view.StopPoints;
import dev.faultline.machine.Cpu;
import java.util.function.Consumer;

/**
 * The machine the one debugger engine ({@link Engine}) drives: the built-in kernel's ({@link KernelTarget}) or
 * the bare machine ({@link BareTarget}). The engine reads the machine through it for the views every target
 * shows the same way, and hands it the commands whose meaning is the target's own: running (a step of the
 * kernel's machine may stop half-way through a trap's handling; the bare machine's stops at the handler's
 * first instruction), stop points, and the kernel's own views. What only one target has is a capability
 * ({@link #has}), not a second debugger.
 */
interface Target {
    /** Which machine: the terminal face words a few views as each debugger always has. */
    enum Kind { KERNEL, BARE }

    /** What a command may need beyond the machine every target has. */
    enum Need {
        /** Nothing more. */
        NOTHING,
        /** A command that moves the program the way only the kernel's debugger can (next, finish, watch). */
        KERNEL_RUN,
        /** A view of the built-in kernel's state (vmas, frames, swap, ps). */
        KERNEL_VIEW,
        /** Going back in time. */
        GOING_BACK
    }

    /** A byte as a reader finds it: its value (-1 when unreadable) and where it came from (null: resident). */
    record Peek(int value, String source) {}

    Kind kind();

    /** Whether this target can do what a command needs. */
    boolean has(Need need);

    /** Called once by the engine that drives this target, before any command. */
    void bind(Engine engine);

    // ------------------------------------------------------------------ reading the machine

    /** The CPU of the present machine (another object after every trip back in time). */
    Cpu cpu();

    /** The pc of the instruction the program runs next (the trapping one while a trap waits for the kernel). */
    int pc();

    /** A byte as the program would read it now, read without a fault. */
    Peek peek(int va);

    /** Drops bytes kept from earlier peeks: the machine may have run since. */
    default void forgetPeeks() {}

    /** The program's executable (for symbols), or null. */
    Flx image();

    /** The pid to name at a stop, or 0 when there is no need (one process, or the bare machine). */
    int stopPid();

    /** Why the views cannot read anything now (the program has exited), or null. */
    String gone();

    /** Whether the run is over: a stop then shows nothing. */
    boolean over();

    /** The name of syscall number n for the disassembly, or null (the bare program's syscalls are its own). */
    String syscallName(int n);

    // ------------------------------------------------------------------ the target's own commands

    void step(long n);

    void stepi();

    void cont();

    void until(String[] w);

    /** run: back to the first instruction. */
    void run();

    void breakAt(String[] w, boolean temporary);

    void delete(String[] w);

    void catchOn(String[] w);

    /** The breakpoints, watchpoints and catchpoints set. */
    StopPoints stopPoints();

    /** info breakpoints (or what else info was asked that the engine does not show; "" when nothing). */
    void info(String what);

    /** The page table (the entries of va's page only, when va is given). */
    View pageTable(Integer va);

    /** Runs a command that goes back in time; {@code namingStop}: say which stop point it arrived at. */
    void goBack(Consumer<ReverseCommands<?>> command, boolean namingStop);

    default void next() {
        throw new IllegalStateException("next needs " + Need.KERNEL_RUN);
    }

    default void finish() {
        throw new IllegalStateException("finish needs " + Need.KERNEL_RUN);
    }

    default void watch(String[] w) {
        throw new IllegalStateException("watch needs " + Need.KERNEL_RUN);
    }

    /** vmas, frames, swap or ps. */
    default View kernelView(String name) {
        throw new IllegalStateException(name + " needs " + Need.KERNEL_VIEW);
    }

    // ------------------------------------------------------------------ the session

    /** The first words of the session's first line: "faultline debugger". */
    String banner();

    /** Writes what the program printed (after each command). */
    void flushGuest();

    /** Ctrl-C: stops a running command at the next check (called from a signal-handling thread). */
    void interrupt();

    /** The session ends: let the machine finish what it is in the middle of. */
    default void close() {}

    /** The exit status of the session (docs/cli.md). */
    int exitStatus();
}
