package dev.faultline.kernel;

import dev.faultline.policy.Policy;
import java.nio.file.Path;

/** Everything that shapes a run (docs/cli.md options of run, debug and compare). */
public record KernelConfig(int frames, int swapSlots, Path swapFile, Policy policy, long seed, int tlbSize,
                           boolean softwareRefill, int quantum, int maxProcs, Path root, boolean check) {

    public static KernelConfig defaults() {
        return new KernelConfig(256, 1024, null, Policy.clock(), 1, 64, false, 10_000, 64, null, false);
    }

    /** The same configuration with another root folder and swap file (a debugger's private copies). */
    public KernelConfig withFiles(Path newRoot, Path newSwapFile) {
        return new KernelConfig(frames, swapSlots, newSwapFile, policy, seed, tlbSize, softwareRefill, quantum, maxProcs,
                newRoot, check);
    }

    public KernelConfig withFrames(int n) {
        return new KernelConfig(n, swapSlots, swapFile, policy, seed, tlbSize, softwareRefill, quantum, maxProcs, root, check);
    }
}
