package dev.faultline.asm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One source file as read: the name diagnostics use, the folder its {@code .include}s are relative to,
 * and its lines (without line terminators).
 */
record SourceFile(String name, Path folder, List<String> lines) {

    // equals and hashCode written out, with the record's meaning: the generated ones are linked through
    // an invokedynamic bootstrap (ObjectMethods) on first use, which cost about a tenth of `hello`'s start
    // (SourceMap keys a map by SourceFile in every run).
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceFile f && Objects.equals(name, f.name) && Objects.equals(folder, f.folder)
                && Objects.equals(lines, f.lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, folder, lines);
    }

    /** Text of 1-based line {@code n}, or "" past the end. */
    String line(int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }

    /** Splits text into lines on \n, \r\n or a lone \r; a final line terminator does not start a line. */
    static List<String> splitLines(String text) {
        List<String> lines = List.of(text.split("\r\n|\r|\n", -1));
        boolean terminated = lines.size() > 1 && lines.get(lines.size() - 1).isEmpty();
        return terminated ? lines.subList(0, lines.size() - 1) : lines;
    }
}
