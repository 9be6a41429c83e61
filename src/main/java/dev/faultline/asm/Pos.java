package dev.faultline.asm;

/**
 * A place in the source: file, 1-based line and 1-based column (in characters). {@code order} is the
 * line's position in the whole program with its includes expanded, so diagnostics sort in reading order.
 */
record Pos(SourceFile file, int line, int column, int order) {

    /** The same line, another column. */
    Pos atColumn(int newColumn) {
        return new Pos(file, line, newColumn, order);
    }

    @Override
    public String toString() {
        return file.name() + ":" + line + ":" + column;
    }
}
