package dev.faultline.studio;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.bare.BareConfig;
import dev.faultline.bare.BareMachine;
import dev.faultline.debug.BareDebugger;
import dev.faultline.debug.BareTimeTravel;
import dev.faultline.debug.Debugger;
import dev.faultline.debug.TimeTravel;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.policy.Policy;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * One debugger session in the page: {@code faultline debug PROG.s [options] --script} with the page's
 * commands as the script, the same debugger (reverse execution included) printing to one stream, as the
 * terminal shows the debugger and the program together. The page replays the whole session from the start
 * for every new command: the machine is deterministic, so the replay ends exactly where the last one did.
 */
final class DebugRun {
    /** A debugger session's instructions at most (a program that loops under continue stops here). */
    static final long MAX_STEPS = 200_000_000L;

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true);

    /** The machine where the script ended, for the page's pictures (Snapshot's JSON); null when none ran. */
    private String snapshot;

    /** The machine at the end of the last session run, as Snapshot's JSON, or null. */
    String snapshot() {
        return snapshot;
    }

    /** Runs the session (on the calling thread, which may wait for the machine thread); returns its text. */
    String run(String name, String source, String optionWords, List<String> script) {
        Options options;
        try {
            options = Options.parse(optionWords);
        } catch (IllegalArgumentException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        AsmResult asm = Assembler.assembleString(Run.sourcePath(name), source);
        if (!asm.ok()) return asm.formatDiagnostics();
        Flx image = asm.flx();
        String file = Run.fileName(name);
        String problem = options.bare ? bare(image, file, options, asm, script) : kernel(image, file, options, asm, script);
        if (problem != null) return problem;
        out.flush();
        return text.toString(StandardCharsets.UTF_8);
    }

    /** faultline debug PROG.s: the kernel's debugger. Null, or the one sentence of a machine that did not boot. */
    private String kernel(Flx image, String file, Options options, AsmResult asm, List<String> script) {
        KernelConfig cfg = new KernelConfig(options.frames, options.swap, null, Policy.builtIn(options.policy),
                options.seed, options.tlb, options.softwareRefill, options.quantum, 64, null, false);
        TimeTravel.Machines machines = (in, guestOut, err, trace, root, swap) -> {
            Kernel k = new Kernel(Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(),
                    in, guestOut, new PrintStream(err, true));
            String problem = k.boot(image, file);
            if (problem != null) throw new IOException(file + ": " + problem);
            return k;
        };
        TimeTravel timeTravel;
        try {
            timeTravel = new TimeTravel(machines, new ByteArrayInputStream(new byte[0]), out, out, null, null, null);
            timeTravel.start();
        } catch (IOException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        Debugger debugger = new Debugger(timeTravel, out, Math.min(options.maxSteps, MAX_STEPS));
        debugger.setSource(asm.sourceMap()); // stops show file:line and the line as written, as on the terminal
        debugger.session(lines(script, () -> Snapshot.of(timeTravel.kernel(), untimed(timeTravel.kernel().stats(0).toText()))));
        timeTravel.finish();
        return null;
    }

    /** faultline debug --bare PROG.s: the bare machine's debugger. */
    private String bare(Flx image, String file, Options options, AsmResult asm, List<String> script) {
        BareConfig cfg = new BareConfig(options.frames, options.tlb, options.softwareRefill);
        BareTimeTravel timeTravel = new BareTimeTravel((in, console, trace) -> {
            BareMachine m = new BareMachine(cfg, Tracer.off(), in, console);
            String problem = m.boot(image);
            if (problem != null) throw new IOException(file + ": " + problem);
            return m;
        }, new ByteArrayInputStream(new byte[0]), out, null);
        try {
            timeTravel.start();
        } catch (IOException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        BareDebugger debugger = new BareDebugger(timeTravel, out, Math.min(options.maxSteps, MAX_STEPS));
        debugger.setSource(asm.sourceMap());
        debugger.session(lines(script, () -> Snapshot.of(timeTravel.present(), untimed(timeTravel.present().stats(0).toText()))), true);
        timeTravel.finish();
        return null;
    }

    /**
     * The script, one command at a time; when it is used up, the machine is where the page's last command left
     * it (the views are the script's last commands): the snapshot is taken then, before the session ends and lets
     * a machine stopped inside a trap finish it.
     */
    private Supplier<String> lines(List<String> script, Supplier<String> take) {
        Iterator<String> it = script.iterator();
        return () -> {
            if (it.hasNext()) return it.next();
            if (snapshot == null) snapshot = take.get();
            return null;
        };
    }

    /** Statistics without their timings (wall_ms, mips), which say nothing about the moment shown. */
    static String untimed(String stats) {
        StringBuilder sb = new StringBuilder();
        for (String line : stats.split("\n")) {
            if (line.startsWith("wall_ms ") || line.startsWith("mips ")) continue;
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
