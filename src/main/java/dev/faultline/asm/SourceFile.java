package dev.faultline.asm;

import java.nio.file.Path;
import java.util.List;

/**
 * One source file as read: the name diagnostics use, the folder its {@code .include}s are relative to,
 * and its lines (without line terminators).
 */
record SourceFile(String name, Path folder, List<String> lines) {

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
