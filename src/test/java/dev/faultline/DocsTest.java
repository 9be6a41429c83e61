package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Constants;
import dev.faultline.abi.Errno;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import dev.faultline.kernel.FaultKind;
import dev.faultline.trace.TraceKind;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ is the complete reference: every opcode, CSR, trap cause, system call, signal, error number and flag
 * the code defines appears in a table of docs/*.md with its number, so does every trace record type and fault
 * kind, and nothing in the repository points outside it. Each failure names the missing item.
 */
class DocsTest {
    private static final Path DOCS = Path.of("docs");
    /** Table rows of every docs/*.md page, each split into cells (backticks removed). */
    private static final List<Row> ROWS = new ArrayList<>();

    record Row(String page, List<String> cells) {}

    @BeforeAll
    static void readDocs() throws IOException {
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
                    if (line.trim().startsWith("|")) ROWS.add(new Row(page.getFileName().toString(), cells(line)));
                }
            }
        }
    }

    /** The cells of a Markdown table row: split at unescaped '|', backticks and blanks removed. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String body = line.trim();
        for (int i = 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().replace("`", "").trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** True when some table row has a cell naming {@code name} and another cell holding {@code value}. */
    static boolean documented(String name, long value) {
        for (Row row : ROWS) {
            boolean named = false, valued = false;
            for (String cell : row.cells()) {
                if (names(cell, name)) named = true;
                else if (number(cell) == value) valued = true;
            }
            if (named && valued) return true;
        }
        return false;
    }

    /** True when one of the cell's comma-separated parts is name, alone or followed by operands. */
    static boolean names(String cell, String name) {
        for (String part : cell.split(",")) {
            String p = part.trim();
            if (p.equals(name) || p.startsWith(name + " ")) return true;
        }
        return false;
    }

    /** A cell's value as a number (decimal or 0x hex), or Long.MIN_VALUE when it is not one. */
    static long number(String cell) {
        try {
            String c = cell.toLowerCase();
            return c.startsWith("0x") ? Long.parseLong(c.substring(2), 16) : Long.parseLong(c);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The public static final int fields of a class, by name, in declaration order. */
    static Map<String, Integer> intConstants(Class<?> type) throws IllegalAccessException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                out.put(f.getName(), f.getInt(null));
            }
        }
        return out;
    }

    private static void check(Map<String, Long> items, String what) {
        StringBuilder missing = new StringBuilder();
        items.forEach((name, value) -> {
            if (!documented(name, value)) {
                missing.append("\n  ").append(what).append(' ').append(name).append(" = ").append(value)
                        .append(" (0x").append(Long.toHexString(value)).append(')');
            }
        });
        assertTrue(missing.isEmpty(), "docs/*.md has no table row naming each of these with its number:" + missing);
    }

    @Test
    void everyOpcodeHasItsMnemonicAndByte() {
        Map<String, Long> items = new LinkedHashMap<>();
        for (Opcode op : Opcode.values()) items.put(op.mnemonic, (long) op.code);
        check(items, "opcode");
    }

    @Test
    void everyCsrAndTrapCause() {
        Map<String, Long> items = new LinkedHashMap<>();
        for (Csr c : Csr.values()) items.put(c.name(), (long) c.number);
        check(items, "CSR");
        items.clear();
        for (TrapCause t : TrapCause.values()) items.put(t.name(), (long) t.code());
        check(items, "trap cause");
    }

    @Test
    void everySyscall() {
        Map<String, Long> items = new LinkedHashMap<>();
        for (Syscall s : Syscall.values()) items.put(s.lowerName(), (long) s.number);
        check(items, "syscall");
    }

    @Test
    void everySignal() throws Exception {
        Map<String, Long> items = new LinkedHashMap<>();
        intConstants(Signal.class).forEach((name, v) -> {
            if (name.startsWith("SIG")) items.put(name, (long) v);
        });
        check(items, "signal");
    }

    @Test
    void everyErrno() throws Exception {
        Map<String, Long> items = new LinkedHashMap<>();
        intConstants(Errno.class).forEach((name, v) -> items.put(name, (long) v));
        check(items, "errno");
    }

    @Test
    void everyFlagAndPredefinedConstant() throws Exception {
        Map<String, Long> items = new LinkedHashMap<>();
        intConstants(Constants.class).forEach((name, v) -> items.put(name, (long) v));
        Constants.predefined().forEach((name, v) -> {
            if (!name.startsWith("SYS_")) items.put(name, (long) v); // SYS_x is syscall x's number: everySyscall
        });
        check(items, "constant");
    }

    /** True when some table row starts with a cell that is exactly name. */
    static boolean rowStartsWith(String name) {
        return ROWS.stream().anyMatch(r -> !r.cells().isEmpty() && r.cells().get(0).equals(name));
    }

    @Test
    void everyTraceRecordTypeAndFaultKind() {
        StringBuilder missing = new StringBuilder();
        for (TraceKind k : TraceKind.values()) {
            if (!rowStartsWith(k.ev())) missing.append("\n  trace record ").append(k.ev());
        }
        for (FaultKind k : FaultKind.values()) {
            if (!rowStartsWith(k.traceName)) missing.append("\n  fault kind ").append(k.traceName);
        }
        assertTrue(missing.isEmpty(), "docs/*.md has no table row starting with each of these:" + missing);
    }

    /** Files of the repository that are ours to read: sources, docs, programs, build files. */
    static List<Path> repositoryFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String top : List.of("README.md", "docs", "examples", "programs", "src", "grammar", "bench", ".ci",
                "pom.xml", "faultline")) {
            Path p = Path.of(top);
            if (!Files.exists(p)) continue;
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("target")).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        // Built from pieces so that this file does not name what it looks for.
        String up = ".." + "/shared";
        String abs = "/work" + "/shared";
        Pattern contract = Pattern.compile("(?<![\\w/.-])(ISA|KERNEL|CLI|BARE)" + "\\.md");
        StringBuilder found = new StringBuilder();
        for (Path f : repositoryFiles()) {
            byte[] bytes = Files.readAllBytes(f);
            if (bytes.length > 4_000_000) continue;
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.indexOf('\0') >= 0) continue; // binary
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.contains(up) || line.contains(abs) || contract.matcher(line).find()) {
                    found.append("\n  ").append(f).append(':').append(i + 1).append(": ").append(line.trim());
                }
            }
        }
        assertTrue(found.isEmpty(), "these lines point outside the repository (write the fact into docs/ and point"
                + " there instead):" + found);
    }

    @Test
    void theReferencePagesExist() {
        for (String page : List.of("README.md", "isa.md", "abi.md", "flx.md", "assembler.md", "kernel.md", "cli.md",
                "architecture.md")) {
            assertTrue(Files.isRegularFile(DOCS.resolve(page)), "docs/" + page + " is missing");
        }
    }
}
