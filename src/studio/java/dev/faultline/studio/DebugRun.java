package dev.faultline.studio;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
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

    /** Runs the session (on the calling thread, which may wait for the machine thread); returns its text. */
    String run(String name, String source, String optionWords, List<String> script) {
        Options options;
        try {
            options = Options.parse(optionWords);
        } catch (IllegalArgumentException e) {
            return "faultline: " + e.getMessage() + "\n";
        }
        if (options.bare) return "faultline: the studio's debugger runs kernel programs only (not --bare)\n";
        AsmResult asm = Assembler.assembleString(Run.sourcePath(name), source);
        if (!asm.ok()) return asm.formatDiagnostics();
        Flx image = asm.flx();
        String file = Run.fileName(name);
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
        Iterator<String> it = script.iterator();
        debugger.session(() -> it.hasNext() ? it.next() : null);
        timeTravel.finish();
        out.flush();
        return text.toString(StandardCharsets.UTF_8);
    }
}
