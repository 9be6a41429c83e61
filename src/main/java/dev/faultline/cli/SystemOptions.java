package dev.faultline.cli;

import dev.faultline.kernel.InjectKind;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Tier;
import dev.faultline.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of run, debug and compare that shape the machine, but for its frames and policy. */
public final class SystemOptions {

    @Option(names = "--swap", paramLabel = "N", description = "swap slots; 0 = no swap (default: ${DEFAULT-VALUE})")
    int swap = 1024;

    @Option(names = "--swap-file", paramLabel = "PATH", description = "keep the swap device in a host file")
    Path swapFile;

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

    @Option(names = "--confine-includes",
            description = "let .include read only files inside the program's own folder (docs/assembler.md)")
    boolean confineIncludes;

    @Option(names = "--max-steps", paramLabel = "N", description = "stop after N retired instructions")
    Long maxSteps;

    @Option(names = "--tier", paramLabel = "interp|auto", description = "interpret every instruction, or translate hot code too (default: ${DEFAULT-VALUE})")
    String tier = "auto";

    @Option(names = "--check", description = "verify the kernel's invariants after every kernel operation")
    boolean check;

    @Option(names = "--inject", paramLabel = "KIND=N",
            description = "make the Nth operation of KIND fail once: swap-read, swap-write, file-read, file-write, alloc (repeatable)")
    List<String> inject = new ArrayList<>();

    /** One parsed {@code --inject KIND=N}. */
    record Injection(InjectKind kind, long n) {}

    /** The parsed {@code --inject} options, or an exception whose message is one sentence. */
    List<Injection> injections() {
        List<Injection> out = new ArrayList<>();
        for (String spec : inject) {
            int eq = spec.indexOf('=');
            InjectKind kind = eq < 0 ? null : InjectKind.byName(spec.substring(0, eq).trim());
            long n = -1;
            try {
                if (eq >= 0) n = Long.parseLong(spec.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (kind == null || n < 1) {
                throw new IllegalArgumentException("--inject takes KIND=N with KIND one of swap-read, swap-write,"
                        + " file-read, file-write, alloc and N at least 1, not '" + spec + "'");
            }
            out.add(new Injection(kind, n));
        }
        return out;
    }

    /** Arms the kernel's injected failures (checked already by {@link #config}). */
    void armInjections(Kernel kernel) {
        for (Injection i : injections()) kernel.inject(i.kind(), i.n());
    }

    /** The configuration with these frames and this policy, or an exception whose message is one sentence. */
    KernelConfig config(int frames, Policy policy) {
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
        tier();
        if (root != null && !java.nio.file.Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + " is not a folder");
        }
        injections();
        HostMemory.check(frames, swapFile == null ? swap : 0);
        return new KernelConfig(frames, swap, swapFile, policy, seed, tlb, sw, quantum, maxProcs, root, check);
    }

    /** The --tier choice, or an exception whose message is one sentence. */
    Tier tier() {
        Tier t = Tier.byName(tier);
        if (t == null) throw new IllegalArgumentException("--tier takes interp or auto, not '" + tier + "'");
        return t;
    }

    long stepLimit() {
        return maxSteps == null ? Long.MAX_VALUE : maxSteps;
    }
}
