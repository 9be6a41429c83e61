package dev.faultline.cli;

import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.Inspector;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelListener;
import dev.faultline.machine.Cpu;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs a program exactly as {@code faultline run PROG OPTIONS --trace=... --trace-format jsonl} would, and
 * records, between the JSONL trace records, where each process really resumed in user mode: a
 * {@code {"ev":"retire","pid":P,"pc":X}} line is the first instruction retired after the kernel returned to
 * user mode, placed in order among the trace records. It stops the machine before every trap (as the
 * debugger's {@code stepi} does), so it knows which process runs and its pc whenever the kernel is left; a
 * run of instructions between two traps is one process's, starting at that pc.
 */
public final class TracedRun {
    private TracedRun() {}

    /** The trace kinds a restart check needs. */
    public static final String KINDS = "trap,fault,restart,signal,syscall,fork,exit";

    /** The merged lines (trace records and retire lines), and what else went to stderr. */
    public record Result(List<String> events, String stderr, boolean halted) {}

    /** {@code args}: the program, then its options (as after {@code faultline run}). */
    public static Result run(List<String> args, String stdin) {
        Sink sink = new Sink();
        PrintStream err = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.ISO_8859_1), err);
        CommandLine cl = new CommandLine(new Main(io));
        cl.setOverwrittenOptionsAllowed(true);
        List<String> all = new ArrayList<>();
        all.add("run");
        all.addAll(args);
        all.add("--trace=" + KINDS);
        all.add("--trace-format");
        all.add("jsonl");
        all.remove("--trace-file");
        CommandLine.ParseResult parsed = cl.parseArgs(all.toArray(new String[0]));
        RunCommand rc = (RunCommand) parsed.subcommand().commandSpec().userObject();
        try (Session s = Session.open(rc.program, rc.options, io)) {
            Kernel k = s.kernel;
            Cpu cpu = k.cpu();
            Inspector inspector = k.inspector();
            k.setListener(new KernelListener() {
                @Override
                public boolean stopBeforeTrap(int pid, TrapCause cause, int epc, int tval) {
                    return true;
                }
            });
            long limit = rc.options.system.stepLimit();
            while (!cpu.halted() && cpu.instret() < limit && k.violation() == null) {
                if (k.trapPending()) {
                    k.handlePendingTrap();
                    continue;
                }
                sink.resumed(inspector.currentPid(), cpu.pc(), cpu.instret());
                k.run(limit);
                sink.ran(cpu.instret());
            }
            s.finish(cpu.halted() ? Kernel.Outcome.EXITED : Kernel.Outcome.MAX_STEPS);
            err.flush();
            return new Result(sink.events, sink.other.toString(), cpu.halted());
        } catch (Session.Failed f) {
            throw new IllegalStateException("the program did not start: " + sink.other);
        }
    }

    /** stderr, split into trace records and everything else, with retire lines put in place. */
    private static final class Sink extends OutputStream {
        final List<String> events = new ArrayList<>();
        final StringBuilder other = new StringBuilder();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean waiting;
        private int pid, pc;
        private long from;

        /** User mode was entered: pid runs from pc, with this many instructions retired so far. */
        void resumed(int pid, int pc, long instret) {
            this.pid = pid;
            this.pc = pc;
            this.from = instret;
            this.waiting = true;
        }

        /** The run stopped (before a trap, or at the end). */
        void ran(long instret) {
            if (waiting && instret > from) retired();
            waiting = false;
        }

        private void retired() {
            events.add("{\"t\":" + (from + 1) + ",\"pid\":" + pid + ",\"ev\":\"retire\",\"pc\":"
                    + Integer.toUnsignedLong(pc) + "}");
            waiting = false;
        }

        @Override
        public void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith("{\"t\":")) {
                long t = Long.parseLong(text.substring(5, text.indexOf(',')));
                if (waiting && t > from) retired(); // instructions retired before this record was written
                events.add(text);
            } else {
                other.append(text).append('\n');
            }
        }
    }
}
