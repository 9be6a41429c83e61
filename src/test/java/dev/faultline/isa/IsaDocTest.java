package dev.faultline.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/isa.md lists every row of the {@link Opcode} table exactly as the enum has it. */
class IsaDocTest {

    /** The row docs/isa.md holds for {@code op} ({@code |} escaped so the table stays a table). */
    static String row(Opcode op) {
        String operands = op.syntax.pattern.isEmpty() ? "" : " " + op.syntax.pattern;
        return String.format("| 0x%02X | %s%s | %s | %s | %s |", op.code, op.mnemonic, operands, op.format,
                op.kernelOnly ? "kernel" : "user", op.semantics.isEmpty() ? "no operation" : "`" + op.semantics.replace("|", "\\|") + "`");
    }

    @Test
    void docsListEveryOpcode() throws Exception {
        String doc = Files.readString(Path.of("docs/isa.md"));
        StringBuilder missing = new StringBuilder();
        for (Opcode op : Opcode.values()) {
            if (!doc.contains(row(op))) missing.append(row(op)).append('\n');
        }
        assertTrue(missing.length() == 0, "docs/isa.md lacks these rows (regenerate the table):\n" + missing);
    }
}
