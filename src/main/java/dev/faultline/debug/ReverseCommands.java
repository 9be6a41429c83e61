package dev.faultline.debug;

import dev.faultline.isa.TrapCause;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The debugger's commands that go back in time: {@code reverse-stepi}, {@code reverse-step [n]},
 * {@code reverse-continue} and {@code rewind fault}. Each finds the moment to go back to, has
 * {@link TimeTravel} replay the run to it, and hands the new machine to the debugger. Going back never
 * fails half-way: a command that cannot go back says why and changes nothing.
 */
final class ReverseCommands<M> {
    /** What the debugger lends these commands. */
    interface Host<M> {
        /** The debugger now drives this machine (after a trip back). */
        void adopt(M machine);

        /** Whether a catchpoint stops before the kernel handles this trap (not counting stepi). */
        boolean catchesTrap(int pid, TrapCause cause, int epc, int tval);

        /** Whether a catchpoint stops on a signal, or on a swap-in or swap-out. */
        boolean catchesSignal();

        boolean catchesSwap();

        /** Whether a breakpoint stops before the instruction at pc. */
        boolean breaksAt(int pc);

        /** Whether any breakpoint is set (a scan must then look at every instruction). */
        boolean hasBreakpoints();

        /** Shows where the program is, as after a forward step. */
        void showWhere();

        /** Whether a catchpoint stops at faults the kernel takes inside a syscall. */
        default boolean catchesKernelFault() {
            return false;
        }

        /** During a scan: whether a watchpoint's word or PTE changed since the last call (on the scanned machine). */
        default boolean watchChanged() {
            return false;
        }
    }

    private final Rewindable<M> tt;
    private final Host<M> host;
    private final PrintStream out;

    ReverseCommands(Rewindable<M> tt, Host<M> host, PrintStream out) {
        this.tt = tt;
        this.host = host;
        this.out = out;
    }

    /** reverse-stepi: back one trap-level step. */
    void stepi() {
        TimeTravel.Position before = tt.previousStep();
        if (before == null) {
            out.println("already at the start of the run: there is nothing before the first instruction");
            return;
        }
        go(before);
    }

    /** reverse-step [n]: back to the moment n fewer instructions had retired (clamped to the start). */
    void step(String[] w) {
        if (tt.now().equals(TimeTravel.Position.START)) {
            out.println("already at the start of the run: there is nothing before the first instruction");
            return;
        }
        long now = tt.now().instret();
        long n = 1;
        boolean clamped = false;
        if (w.length > 1) {
            if (!w[1].matches("-?[0-9]+")) throw new IllegalArgumentException("not a count: '" + w[1] + "'");
            try {
                n = Long.parseLong(w[1]);
            } catch (NumberFormatException e) {
                n = w[1].startsWith("-") ? -1 : Long.MAX_VALUE; // too many digits to hold
            }
            if (n < 0) {
                out.println("reverse-step " + w[1] + ": a count cannot be negative; going back to the start of the run");
                clamped = true;
            } else if (n > now) {
                out.println("reverse-step " + w[1] + ": only " + now + " instruction" + (now == 1 ? " has" : "s have")
                        + " retired; going back to the start of the run");
                clamped = true;
            }
        }
        if (clamped || n == now) {
            go(TimeTravel.Position.START);
        } else if (n == 0) {
            out.println("reverse-step 0: nothing to do");
        } else {
            tt.goToInstruction(now - n);
            arrived();
        }
    }

    /** run: back to the first instruction. */
    void toStart() {
        if (tt.now().equals(TimeTravel.Position.START)) {
            out.println("already at the first instruction");
            host.showWhere();
            return;
        }
        go(TimeTravel.Position.START);
    }

    /** rewind fault: back to just before the most recent fault was taken. */
    void rewindFault(String[] w) {
        if (w.length < 2 || !w[1].equalsIgnoreCase("fault")) throw new IllegalArgumentException("rewind fault");
        TimeTravel.Position fault = tt.lastFault();
        if (fault == null) {
            out.println("no " + tt.faultName() + " has been taken before this point: nothing changes");
            return;
        }
        go(fault);
    }

    /** reverse-continue: back to the latest moment before now at which the debugger would have stopped. */
    void cont() {
        TimeTravel.Position now = tt.now();
        if (now.equals(TimeTravel.Position.START)) {
            out.println("already at the start of the run: there is nothing before the first instruction");
            return;
        }
        List<TimeTravel.Position> stops = stopsBefore(now);
        stops.sort(null); // a kernel fault's stop is its syscall's trap, found after later moments of that trap
        if (stops.isEmpty()) {
            out.println("no breakpoint or catchpoint stopped the run before this point: back at the start of the run");
            go(TimeTravel.Position.START);
            return;
        }
        go(stops.get(stops.size() - 1));
    }

    /** Replays the run from its start to now, noting every moment a forward continue would have stopped. */
    private List<TimeTravel.Position> stopsBefore(TimeTravel.Position now) {
        List<TimeTravel.Position> stops = new ArrayList<>();
        tt.scan(now, new TimeTravel.Scan() {
            @Override
            public boolean trap(int pid, TrapCause cause, int epc, int tval) {
                return host.catchesTrap(pid, cause, epc, tval);
            }

            @Override
            public boolean signal() {
                return host.catchesSignal();
            }

            @Override
            public boolean swap() {
                return host.catchesSwap();
            }

            @Override
            public boolean breakpoint(int pc) {
                return host.breaksAt(pc);
            }

            @Override
            public boolean eachInstruction() {
                return host.hasBreakpoints();
            }

            @Override
            public void stop(TimeTravel.Position at) {
                stops.add(at);
            }

            @Override
            public boolean kernelFault() {
                return host.catchesKernelFault();
            }

            @Override
            public boolean watchChanged() {
                return host.watchChanged();
            }
        });
        return stops;
    }

    private void go(TimeTravel.Position target) {
        tt.goTo(target);
        arrived();
    }

    private void arrived() {
        host.adopt(tt.present());
        out.println("back at instruction " + tt.now().instret());
        host.showWhere();
    }
}
