package dev.faultline.asm;

/** An error in the program at a known place; caught per statement and turned into a {@link Diagnostic}. */
final class AsmException extends Exception {
    private final Pos pos;

    AsmException(Pos pos, String message) {
        super(message, null, false, false);
        this.pos = pos;
    }

    /** An error already reported elsewhere: it stops the statement and adds no diagnostic. */
    static AsmException alreadyReported(Pos pos) {
        return new AsmException(pos, null);
    }

    boolean isReported() {
        return getMessage() == null;
    }

    Pos pos() {
        return pos;
    }
}
