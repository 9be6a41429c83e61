package dev.faultline.asm;

import java.util.List;

/** One parsed source line: its statements (labels first) in order. */
record SourceLine(SourceFile file, int number, int order, List<Statement> statements) {

    String text() {
        return file.line(number);
    }
}
