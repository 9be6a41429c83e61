package dev.faultline.debug.view;

import java.util.List;

/**
 * Where the program stopped and why: the reason, and as the debugger words it ({@code why}, null after a
 * plain step), the source line there ({@code [pid 2] hello.s:10  la a1, msg}; null when there is none), the
 * instruction about to run, and each display expression with its value.
 */
public record Stop(Reason reason, String why, String sourceLine, Disassembly.Line instruction, List<String> displays)
        implements View {
    /** Why a running command stopped. */
    public enum Reason {
        /** It did what it was asked (a step, next or until arrived; a trip back in time arrived). */
        DONE,
        BREAKPOINT,
        WATCHPOINT,
        /** A trap: before the kernel handles it (a catchpoint, or stepi), or taken on the bare machine. */
        TRAP,
        /** A fault the kernel takes on the program's behalf (inside a syscall or a TLB-miss handler). */
        KERNEL_FAULT,
        /** A signal about to act. */
        SIGNAL,
        /** A brk instruction. */
        BRK,
        /** A page swapped in or out (catch swap). */
        SWAP,
        /** finish: the function returned. */
        RETURNED,
        /** Ctrl-C. */
        INTERRUPTED,
        /** The run reached --max-steps. */
        MAX_STEPS
    }

    public Stop {
        displays = List.copyOf(displays);
    }

    @Override
    public String toJson() {
        JsonText j = new JsonText("stop").str("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).str("why", why).str("sourceLine", sourceLine);
        if (instruction != null) {
            j.num("pc", instruction.address()).str("instruction", instruction.text());
        }
        return j.strs("displays", displays).toString();
    }
}
