package dev.faultline.kernel;

import dev.faultline.abi.Signal;
import dev.faultline.isa.Access;
import dev.faultline.isa.TrapCause;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.PrintStream;

/**
 * Signals, apart from trap entry and from processes: raising a fault's signal, pushing the 80-byte signal
 * frame and entering the handler, sigreturn, signals sent with kill and delivered on the way back to user
 * mode, and death by signal. The signal frame goes through {@link UserMemory}, a death through
 * {@link Exits}, and a process blocked in wait is woken by the {@link Scheduler}.
 */
final class Signals {
    static final int SIGFRAME_SIZE = 80;

    private final KernelEvents events;
    private final UserMemory user;
    private final Exits exits;
    private final Scheduler sched;
    private final Tracer tracer;
    private final HostOutput out;
    private final PrintStream err;

    /** user carries the signal frame to and from the user's stack. */
    Signals(KernelEvents events, UserMemory user, Exits exits, Scheduler sched, HostOutput out, PrintStream err) {
        this.events = events;
        this.user = user;
        this.exits = exits;
        this.sched = sched;
        this.tracer = events.tracer;
        this.out = out;
        this.err = err;
    }

    /**
     * A signal raised by the faulting instruction itself: delivered to a handler (the frame's pc is the
     * faulting instruction), or fatal — by default, when ignored (it would only fault again), or when the
     * signal is blocked because its handler is running.
     */
    void raiseFaultSignal(Process p, int sig, String code, int addr, int pc, TrapCause cause, String detail) {
        int handler = p.handlers[sig];
        boolean blocked = (p.blocked & (1 << sig)) != 0;
        boolean deliver = handler > Signal.SIG_IGN && !blocked;
        if (tracer.on(TraceKind.SIGNAL)) {
            tracer.emit(TraceKind.SIGNAL, events.now(), p.pid, "sig", Tracer.sig(sig), "code", code, "addr", Tracer.addr(addr),
                    "pc", Tracer.pc(pc), "action", deliver ? "handler" : "kill");
        }
        KernelListener listener = events.listener();
        if (listener != null) listener.signal(p.pid, sig, deliver ? "handler" : "kill", pc);
        if (deliver) {
            p.restartPc = pc; // the handler's sigreturn comes back to the instruction that trapped
            if (pushSignalFrame(p, sig, pc, addr, cause.code())) return;
        }
        p.restartPc = -1;
        kill(p, sig, detail);
    }

    /**
     * The signal of a page fault the handler could not resolve: SIGSEGV (no mapping, or permission denied) or
     * SIGBUS (past the end of a file, or an I/O error).
     */
    void raiseForFault(Process p, FaultResult result, int va, Access access, int pc) {
        String where = " at pc " + Words.hex(pc);
        switch (result.outcome()) {
            case SEGV_MAPERR -> raiseFaultSignal(p, Signal.SIGSEGV, "maperr", va, pc, access.faultCause(),
                    access.traceName() + (access == Access.STORE ? " to " : " from ") + Words.hex(va) + where + " (no mapping)");
            case SEGV_ACCERR -> raiseFaultSignal(p, Signal.SIGSEGV, "accerr", va, pc, access.faultCause(),
                    access.traceName() + (access == Access.STORE ? " to " : " from ") + Words.hex(va) + where + " (permission denied)");
            case BUS -> raiseFaultSignal(p, Signal.SIGBUS, null, va, pc, access.faultCause(),
                    access.traceName() + " at " + Words.hex(va) + where + " (past the end of the file)");
            case BUS_IO -> raiseFaultSignal(p, Signal.SIGBUS, null, va, pc, access.faultCause(),
                    access.traceName() + " at " + Words.hex(va) + where + " (I/O error)");
            default -> throw new IllegalStateException("Signals.raiseForFault: no signal for " + result.outcome());
        }
    }

    /** The signal of an illegal instruction, a division by zero, or a breakpoint no debugger took. */
    void raiseForTrap(Process p, TrapCause cause, int pc) {
        switch (cause) {
            case ILLEGAL -> raiseFaultSignal(p, Signal.SIGILL, null, 0, pc, cause, "illegal instruction at pc " + Words.hex(pc));
            case DIVIDE -> raiseFaultSignal(p, Signal.SIGFPE, null, 0, pc, cause, "division by zero at pc " + Words.hex(pc));
            case BREAKPOINT -> raiseFaultSignal(p, Signal.SIGTRAP, null, 0, pc, cause, "breakpoint at pc " + Words.hex(pc));
            default -> throw new IllegalStateException("Signals.raiseForTrap: no signal for " + cause);
        }
    }

    /** Pushes the 80-byte signal frame and enters the handler; false when the frame cannot be written. */
    private boolean pushSignalFrame(Process p, int sig, int returnPc, int tval, int cause) {
        int sp = (p.regs[15] - SIGFRAME_SIZE) & ~15;
        byte[] frame = new byte[SIGFRAME_SIZE];
        for (int i = 0; i < 16; i++) Words.putInt(frame, i * 4, p.regs[i]);
        Words.putInt(frame, 64, returnPc);
        Words.putInt(frame, 68, sig);
        Words.putInt(frame, 72, tval);
        Words.putInt(frame, 76, cause);
        String doing = user.accessFor("the signal frame");
        boolean pushed = user.copyOut(p, sp, frame, 0, SIGFRAME_SIZE, returnPc);
        user.accessFor(doing);
        if (!pushed) return false;
        if (p.restartPc != -1) {
            // the trapped instruction waits under this frame; its sigreturn may restart it
            if (p.restartPc == returnPc) p.restartFrames.addLast(new int[] {sp, returnPc});
            p.restartPc = -1;
        }
        p.blocked |= 1 << sig;
        p.regs[15] = sp;
        p.regs[1] = sig;
        p.regs[2] = tval;
        p.regs[3] = cause;
        p.regs[4] = sp;
        p.pc = p.handlers[sig];
        return true;
    }

    /** sigreturn: restores every register and the pc from the frame at sp; unblocks the frame's signal. */
    void sigreturn(Process p, int pc) {
        byte[] frame = new byte[SIGFRAME_SIZE];
        int frameSp = p.regs[15];
        if (!user.copyIn(p, frameSp, frame, 0, SIGFRAME_SIZE, pc)) {
            kill(p, Signal.SIGSEGV, "bad signal frame at " + Words.hex(frameSp));
            return;
        }
        for (int i = 1; i < 16; i++) p.regs[i] = Words.getInt(frame, i * 4);
        p.pc = Words.getInt(frame, 64);
        p.restartPc = restartAfterSigreturn(p, frameSp);
        int sig = Words.getInt(frame, 68);
        if (sig > 0 && sig < 32) p.blocked &= ~(1 << sig);
    }

    /**
     * The pc to restart after the sigreturn of the frame at frameSp: the trapped instruction under that frame,
     * when the frame still returns to it; -1 otherwise (a handler that moved the pc skips it). Frames below
     * this one were left without a sigreturn and are forgotten.
     */
    private static int restartAfterSigreturn(Process p, int frameSp) {
        while (!p.restartFrames.isEmpty() && Integer.compareUnsigned(p.restartFrames.peekLast()[0], frameSp) < 0) {
            p.restartFrames.removeLast();
        }
        int[] top = p.restartFrames.peekLast();
        if (top == null || top[0] != frameSp) return -1;
        p.restartFrames.removeLast();
        return top[1] == p.pc ? p.pc : -1;
    }

    /** Delivers pending signals sent by kill, as the process returns to user mode. */
    void deliverPending(Process p) {
        while (p.alive() && (p.pending & ~p.blocked) != 0) {
            int sig = Integer.numberOfTrailingZeros(p.pending & ~p.blocked);
            p.pending &= ~(1 << sig);
            int handler = p.handlers[sig];
            String action = handler == Signal.SIG_IGN || (handler == Signal.SIG_DFL && Signal.ignoredByDefault(sig))
                    ? "ignore" : handler > Signal.SIG_IGN ? "handler" : "kill";
            if (tracer.on(TraceKind.SIGNAL)) {
                tracer.emit(TraceKind.SIGNAL, events.now(), p.pid, "sig", Tracer.sig(sig), "code", null, "addr", Tracer.addr(0),
                        "pc", Tracer.pc(p.pc), "action", action);
            }
            KernelListener listener = events.listener();
            if (listener != null) listener.signal(p.pid, sig, action, p.pc);
            switch (action) {
                case "ignore" -> { }
                case "handler" -> {
                    if (!pushSignalFrame(p, sig, p.pc, 0, 0)) kill(p, Signal.SIGSEGV, "signal frame could not be pushed");
                }
                default -> kill(p, sig, null);
            }
        }
    }

    /** Sends sig to target (kill): SIGKILL at once, anything else on its next return to user mode. */
    void send(Process target, int sig) {
        if (sig == Signal.SIGKILL) {
            if (tracer.on(TraceKind.SIGNAL)) {
                tracer.emit(TraceKind.SIGNAL, events.now(), target.pid, "sig", Tracer.sig(sig), "code", null, "addr", Tracer.addr(0),
                        "pc", Tracer.pc(target.pc), "action", "kill");
            }
            KernelListener listener = events.listener();
            if (listener != null) listener.signal(target.pid, sig, "kill", target.pc);
            kill(target, sig, null);
            return;
        }
        target.pending |= 1 << sig;
        int handler = target.handlers[sig];
        boolean acts = handler > Signal.SIG_IGN || (handler == Signal.SIG_DFL && !Signal.ignoredByDefault(sig));
        if (target.state == Process.State.WAITING && acts) sched.wake(target); // a handler to run, or a death
    }

    /** Kills p by signal sig: status 128 + sig, with the one-line message on stderr. */
    void kill(Process p, int sig, String detail) {
        if (!p.alive()) return;
        out.flush();
        err.println("process " + p.pid + " killed by " + Signal.name(sig) + (detail != null ? ": " + detail : ""));
        exits.exit(p, 128 + sig);
    }
}
