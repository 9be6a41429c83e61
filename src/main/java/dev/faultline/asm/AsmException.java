package dev.faultline.asm;

/** An error in the program at a known place; caught per statement and turned into a {@link Diagnostic}. */
final class AsmException extends Exception {
    private final Pos pos;

    AsmException(Pos pos, String message) {
        super(message, null, false, false);
        this.pos = pos;
    }

    Pos pos() {
        return pos;
    }
}
