package dev.faultline.trace;

/** Fault and memory counters, kept for the whole run and for each process (docs/cli.md statistics). */
public final class Counters {
    public long minorFaults, majorFaults, demandZero, fileFaults, cowCopies, cowReuses, swapIns, swapOuts,
            segv, tlbMisses, instructions;

    public void add(Counters o) {
        minorFaults += o.minorFaults;
        majorFaults += o.majorFaults;
        demandZero += o.demandZero;
        fileFaults += o.fileFaults;
        cowCopies += o.cowCopies;
        cowReuses += o.cowReuses;
        swapIns += o.swapIns;
        swapOuts += o.swapOuts;
        segv += o.segv;
        tlbMisses += o.tlbMisses;
        instructions += o.instructions;
    }
}
