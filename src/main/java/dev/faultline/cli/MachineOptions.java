package dev.faultline.cli;

import dev.faultline.kernel.KernelConfig;
import dev.faultline.kernel.PolicyKind;
import dev.faultline.trace.TraceKind;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of run, debug and compare (CLI.md), shared as a picocli mixin. */
public final class MachineOptions {
    /** The fewest frames a process can run in: a root table, its second-level tables and the pages one instruction touches. */
    static final int MIN_FRAMES = 6;

    @Option(names = "--frames", paramLabel = "N", description = "physical frames of 4 KiB (default: ${DEFAULT-VALUE})")
    int frames = 256;

    @Option(names = "--swap", paramLabel = "N", description = "swap slots; 0 = no swap (default: ${DEFAULT-VALUE})")
    int swap = 1024;

    @Option(names = "--swap-file", paramLabel = "PATH", description = "keep the swap device in a host file")
    Path swapFile;

    @Option(names = "--policy", paramLabel = "P", description = "replacement policy: fifo, clock, lru, random (default: ${DEFAULT-VALUE})")
    String policy = "clock";

    @Option(names = "--seed", paramLabel = "N", description = "seed for the random policy (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--tlb", paramLabel = "N", description = "TLB entries; 0 = no TLB (default: ${DEFAULT-VALUE})")
    int tlb = 64;

    @Option(names = "--tlb-refill", paramLabel = "hw|sw", description = "hardware walk, or TLB-miss traps into the kernel (default: ${DEFAULT-VALUE})")
    String tlbRefill = "hw";

    @Option(names = "--quantum", paramLabel = "N", description = "instructions per time slice (default: ${DEFAULT-VALUE})")
    int quantum = 10_000;

    @Option(names = "--max-procs", paramLabel = "N", description = "process limit (default: ${DEFAULT-VALUE})")
    int maxProcs = 64;

    @Option(names = "--root", paramLabel = "DIR", description = "host folder the guest sees as /")
    Path root;

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

    @Option(names = "--max-steps", paramLabel = "N", description = "stop after N retired instructions")
    Long maxSteps;

    @Option(names = "--check", description = "verify the kernel's invariants after every kernel operation")
    boolean check;

    /** The kernel configuration, or an exception whose message is one sentence for the user. */
    KernelConfig config() {
        if (frames < MIN_FRAMES) {
            throw new IllegalArgumentException("--frames " + frames + " is too small: a process needs at least "
                    + MIN_FRAMES + " frames (its page tables and the pages one instruction touches)");
        }
        if (frames > 1 << 22) throw new IllegalArgumentException("--frames " + frames + " is too large (at most " + (1 << 22) + ")");
        if (swap < 0 || swap > 1 << 22) throw new IllegalArgumentException("--swap must be 0.." + (1 << 22) + ", not " + swap);
        if (tlb < 0 || tlb > 1 << 20) throw new IllegalArgumentException("--tlb must be 0.." + (1 << 20) + ", not " + tlb);
        if (quantum < 1) throw new IllegalArgumentException("--quantum must be at least 1, not " + quantum);
        if (maxProcs < 1) throw new IllegalArgumentException("--max-procs must be at least 1, not " + maxProcs);
        if (maxSteps != null && maxSteps < 0) throw new IllegalArgumentException("--max-steps must not be negative");
        boolean sw = switch (tlbRefill) {
            case "hw" -> false;
            case "sw" -> true;
            default -> throw new IllegalArgumentException("--tlb-refill takes hw or sw, not '" + tlbRefill + "'");
        };
        if (!traceFormat.equals("text") && !traceFormat.equals("jsonl")) {
            throw new IllegalArgumentException("--trace-format takes text or jsonl, not '" + traceFormat + "'");
        }
        if (root != null && !java.nio.file.Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + " is not a folder");
        }
        traceKinds();
        return new KernelConfig(frames, swap, swapFile, PolicyKind.parse(policy), seed, tlb, sw, quantum, maxProcs,
                root, check);
    }

    Set<TraceKind> traceKinds() {
        return trace == null ? Set.of() : TraceKind.parse(trace);
    }
}
