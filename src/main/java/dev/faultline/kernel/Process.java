package dev.faultline.kernel;

import dev.faultline.abi.Flx;
import dev.faultline.trace.Counters;
import java.util.ArrayList;
import java.util.List;

/** A process: its saved registers, address space, open files, signal state and counters. */
final class Process {
    enum State { RUNNABLE, WAITING, ZOMBIE }

    static final int MAX_FDS = 32;

    final int pid;
    Process parent;
    /** Adopted by process 1 after its parent exited: reaped as soon as it exits. */
    boolean orphan;
    State state = State.RUNNABLE;
    final int[] regs = new int[16];
    int pc;
    AddressSpace space;
    Flx image;
    final OpenFile[] fds = new OpenFile[MAX_FDS];
    /** Handler address per signal: 0 default, 1 ignore. */
    final int[] handlers = new int[32];
    /** Signals blocked while their handler runs. */
    int blocked;
    /** Signals sent by kill, delivered on the next return to user mode. */
    int pending;
    int exitStatus;
    final List<Process> children = new ArrayList<>();
    final Counters counters = new Counters();
    int residentPeak;
    /** A syscall blocked in wait: the process re-executes the sys when woken. */
    boolean inWait;
    /**
     * The pc of an instruction that trapped and has not run again yet (a resolved fault, or a fault signal
     * whose handler will return to it), or -1. The {@code restart} record is written when the process next
     * returns to user mode at exactly this pc.
     */
    int restartPc = -1;
    /**
     * Signal frames pushed on top of such an instruction, innermost last, as {frame sp, pc}: the
     * {@code sigreturn} of that frame back to that pc restarts it.
     */
    final java.util.ArrayDeque<int[]> restartFrames = new java.util.ArrayDeque<>();

    Process(int pid, Process parent) {
        this.pid = pid;
        this.parent = parent;
    }

    boolean alive() {
        return state != State.ZOMBIE;
    }

    int freeFd() {
        for (int i = 0; i < MAX_FDS; i++) {
            if (fds[i] == null) return i;
        }
        return -1;
    }

    OpenFile fd(int n) {
        return n >= 0 && n < MAX_FDS ? fds[n] : null;
    }
}
