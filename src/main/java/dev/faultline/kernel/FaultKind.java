package dev.faultline.kernel;

/** Outcomes of the page-fault handler, one per trace record (docs/kernel.md, docs/cli.md). */
public enum FaultKind {
    DEMAND_ZERO("demand-zero"), FILE("file"), SWAP_IN("swap-in"), COW("cow"), COW_REUSE("cow-reuse"),
    STACK_GROW("stack-grow"), SPURIOUS("spurious"), SEGV("segv"), BUS("bus");

    public final String traceName;

    FaultKind(String traceName) {
        this.traceName = traceName;
    }
}
