package dev.faultline.cli;

import dev.faultline.kernel.KernelConfig;
import dev.faultline.policy.Policy;
import dev.faultline.trace.TraceKind;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of run and debug (docs/cli.md): the machine's, plus frames, policy, traces and statistics. */
public final class MachineOptions {
    /** The fewest frames a process can run in: a root table, its second-level tables and the pages one instruction touches. */
    static final int MIN_FRAMES = 6;

    @Mixin
    SystemOptions system;

    @Option(names = "--frames", paramLabel = "N", description = "physical frames of 4 KiB (default: ${DEFAULT-VALUE})")
    int frames = 256;

    @Option(names = "--policy", paramLabel = "P", description = "replacement policy: fifo, clock, lru, random, or a plug-in FILE.java (default: ${DEFAULT-VALUE})")
    String policy = "clock";

    @Option(names = "--trace", arity = "0..1", paramLabel = "KINDS", fallbackValue = "",
            description = "print trace records; KINDS is a comma list of record types, or all (default: trap,fault,restart,signal)")
    String trace;

    @Option(names = "--trace-format", paramLabel = "text|jsonl", description = "trace format (default: ${DEFAULT-VALUE})")
    String traceFormat = "text";

    @Option(names = "--trace-file", paramLabel = "FILE", description = "write the trace here instead of stderr")
    Path traceFile;

    @Option(names = "--stats", description = "print statistics to stderr at the end")
    boolean stats;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "write statistics as JSON")
    Path statsJson;

    @Option(names = "--bare", description = "run the program on the machine alone, with no built-in kernel (docs/bare.md)")
    boolean bare;

    /** The kernel configuration, or an exception whose message is one sentence for the user. */
    KernelConfig config() {
        checkFrames(frames);
        if (!traceFormat.equals("text") && !traceFormat.equals("jsonl")) {
            throw new IllegalArgumentException("--trace-format takes text or jsonl, not '" + traceFormat + "'");
        }
        traceKinds();
        return system.config(frames, Policy.parse(policy));
    }

    static void checkFrames(int frames) {
        if (frames < MIN_FRAMES) {
            throw new IllegalArgumentException("--frames " + frames + " is too small: a process needs at least "
                    + MIN_FRAMES + " frames (its page tables and the pages one instruction touches)");
        }
        if (frames > 1 << 22) throw new IllegalArgumentException("--frames " + frames + " is too large (at most " + (1 << 22) + ")");
    }

    Set<TraceKind> traceKinds() {
        return trace == null ? Set.of() : TraceKind.parse(trace);
    }
}
