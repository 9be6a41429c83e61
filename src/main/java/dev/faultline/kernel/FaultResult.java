package dev.faultline.kernel;

/**
 * What the page-fault handler did with one fault, as a value (like Linux's {@code vm_fault_t}): the outcome,
 * the kind of fault for the trace and the counters, whether it needed I/O, and the frame that now backs the
 * page. The caller raises the signal the outcome names, or restarts the instruction.
 */
record FaultResult(Outcome outcome, FaultKind kind, boolean major, int frame) {
    /** How the fault ended. */
    enum Outcome {
        /** The page is mapped: the access can be retried. */
        RESOLVED,
        /** No area covers the address: SIGSEGV, code maperr. */
        SEGV_MAPERR,
        /** The area forbids the access: SIGSEGV, code accerr. */
        SEGV_ACCERR,
        /** A file page past the end of the file: SIGBUS. */
        BUS,
        /** A file page or swap slot that could not be read (an I/O error): SIGBUS. */
        BUS_IO,
        /** No frame could be had (the process was killed, or must be). No record, no count. */
        NOMEM
    }

    static final FaultResult MAPERR = new FaultResult(Outcome.SEGV_MAPERR, FaultKind.SEGV, false, -1);
    static final FaultResult ACCERR = new FaultResult(Outcome.SEGV_ACCERR, FaultKind.SEGV, false, -1);
    static final FaultResult BUS = new FaultResult(Outcome.BUS, FaultKind.BUS, false, -1);
    static final FaultResult IO_ERROR = new FaultResult(Outcome.BUS_IO, FaultKind.BUS, false, -1);
    static final FaultResult NOMEM = new FaultResult(Outcome.NOMEM, null, false, -1);

    /** A resolved minor fault: {@code frame} backs the page now (-1 when none was touched). */
    static FaultResult minor(FaultKind kind, int frame) {
        return new FaultResult(Outcome.RESOLVED, kind, false, frame);
    }

    /** A resolved fault that read the file or the swap device when {@code major}. */
    static FaultResult resolved(FaultKind kind, boolean major, int frame) {
        return new FaultResult(Outcome.RESOLVED, kind, major, frame);
    }

    boolean resolved() {
        return outcome == Outcome.RESOLVED;
    }

    /** SIGSEGV or SIGBUS: the access cannot be satisfied. */
    boolean signals() {
        return outcome == Outcome.SEGV_MAPERR || outcome == Outcome.SEGV_ACCERR || outcome == Outcome.BUS
                || outcome == Outcome.BUS_IO;
    }
}
