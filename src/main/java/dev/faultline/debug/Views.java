package dev.faultline.debug;

import dev.faultline.abi.Flx;
import dev.faultline.asm.SourceMap;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Reg;
import dev.faultline.abi.Symbols;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the kernel and the bare debuggers show the same way, as gdb does: the source line at a stop,
 * {@code list}, {@code print EXPR}, {@code x/NFU ADDR} and {@code display}. The {@link Engine} lends them
 * its target's machine through a {@link Target}.
 */
final class Views {
    /** What the views read: registers, CSRs, memory without side effects, symbols, disassembly. */
    interface Target {
        int reg(int n);

        /** The pc of the instruction the program runs next (the trapping one while a trap waits). */
        int pc();

        int csr(Csr c);

        /** A byte as the program would read it now, or a negative number when it cannot be read. */
        int peekByte(int va);

        /** The program's executable (for symbols), or null. */
        Flx image();

        /** The pid to name at a stop, or 0 when there is no need (one process, or the bare machine). */
        int stopPid();

        /** {@code 0x00010000 <sym+off (file:line)>}. */
        String where(int va);

        /** Prints n instructions from va, as {@code disas} does. */
        void disassemble(int va, long n);

        /** Why the views cannot read anything now (the program has exited), or null. */
        default String gone() {
            return null;
        }
    }

    /** How many lines {@code list} shows. */
    static final int LIST_LINES = 10;
    /** The most {@code x} shows at once, and the longest string {@code x/s} reads. */
    static final int X_MAX = 1024, STRING_MAX = 256;

    private final Target target;
    private final PrintStream out;
    private SourceMap source = SourceMap.EMPTY;
    private final List<Long> history = new ArrayList<>();
    /** The display expressions, and the format letter of each ('n' for none). */
    private final List<String> displays = new ArrayList<>();
    private final List<Character> displayFormats = new ArrayList<>();
    /** Where a bare {@code list} goes on from: the file and the next line; null before the first list. */
    private String listFile;
    private int listNext;

    Views(Target target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    void setSource(SourceMap source) {
        this.source = source == null ? SourceMap.EMPTY : source;
        listFile = null;
    }

    SourceMap source() {
        return source;
    }

    // ------------------------------------------------------------------ the stop

    /**
     * The line a stop prints before the instruction: {@code [pid 2] hello.s:10  la   a1, msg}, the source line
     * as written; null when there is nothing to say (no source for pc, and one process).
     */
    String stopLine(int pc) {
        SourceMap.Row row = source.at(pc);
        String pid = target.stopPid() != 0 ? "[pid " + target.stopPid() + "]" : null;
        if (row == null) return pid;
        String text = source.text(row.file(), row.line());
        String line = row.file() + ":" + row.line() + "  " + (text == null ? "" : text.strip());
        listFile = row.file(); // a list after a stop shows the lines around it
        listNext = Math.max(1, row.line() - LIST_LINES / 2);
        return pid == null ? line : pid + " " + line;
    }

    /** The {@code display} expressions, each with its value now. */
    void showDisplays() {
        for (String line : displayLines()) out.println(line);
    }

    /** {@code 1: pc = 65540 (0x00010004 <_start+4>)}: each display expression with its value now. */
    List<String> displayLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < displays.size(); i++) {
            String e = displays.get(i);
            String shown;
            try {
                shown = format(evaluate(e), displayFormats.get(i));
            } catch (IllegalArgumentException ex) {
                shown = "(" + ex.getMessage() + ")";
            }
            lines.add((i + 1) + ": " + e + " = " + shown);
        }
        return lines;
    }

    // ------------------------------------------------------------------ list

    /** {@code list [LINE|FILE:LINE|SYMBOL|ADDR]}: ten lines around it, or the next ten. */
    void list(String[] w) {
        if (source.isEmpty()) throw new IllegalArgumentException("no source: the program was loaded from an executable"
                + " whose source is not at hand");
        String file;
        int center;
        if (w.length > 1) {
            String spec = w[1];
            int colon = spec.lastIndexOf(':');
            if (spec.matches("[0-9]+") || (colon > 0 && spec.substring(colon + 1).matches("[0-9]+"))) {
                file = colon > 0 ? source.file(spec.substring(0, colon)) : currentFile();
                if (file == null) throw new IllegalArgumentException("no source file '" + spec.substring(0, colon) + "'");
                center = (int) Math.min(Integer.MAX_VALUE, Commands.count(spec.substring(colon + 1)));
            } else {
                SourceMap.Row row = source.at(Commands.address(spec, target.image()));
                if (row == null) throw new IllegalArgumentException("no source line for " + spec);
                file = row.file();
                center = row.line();
            }
            if (center < 1 || center > source.lineCount(file)) {
                throw new IllegalArgumentException("line " + center + " is past the end of " + file + " ("
                        + source.lineCount(file) + " lines)");
            }
            listFrom(file, Math.max(1, center - LIST_LINES / 2));
            return;
        }
        if (listFile == null) {
            SourceMap.Row row = source.at(target.pc());
            file = row != null ? row.file() : source.mainFile();
            listFrom(file, Math.max(1, (row != null ? row.line() : 1) - LIST_LINES / 2));
            return;
        }
        if (listNext > source.lineCount(listFile)) {
            out.println("line " + listNext + " is past the end of " + listFile + " (" + source.lineCount(listFile)
                    + " lines)");
            return;
        }
        listFrom(listFile, listNext);
    }

    private String currentFile() {
        SourceMap.Row row = source.at(target.pc());
        return row != null ? row.file() : source.mainFile();
    }

    private void listFrom(String file, int first) {
        SourceMap.Row here = source.at(target.pc());
        int last = Math.min(source.lineCount(file), first + LIST_LINES - 1);
        for (int n = first; n <= last; n++) {
            boolean current = here != null && here.file().equals(file) && here.line() == n && target.gone() == null;
            out.println(String.format("%s%-5d %s", current ? "=> " : "   ", n, source.text(file, n)));
        }
        listFile = file;
        listNext = last + 1;
    }

    // ------------------------------------------------------------------ print and display

    /** {@code print[/FMT] EXPR}: {@code $N = value}. */
    void print(String format, String expr) {
        char f = formatLetter(format, "xdcu", 'n');
        if (expr.isBlank()) throw new IllegalArgumentException("usage: print[/x|/d|/c|/u] EXPR");
        long v = evaluate(expr);
        history.add(v);
        out.println("$" + history.size() + " = " + format(v, f));
    }

    /** {@code display EXPR}: shown after every stop; without EXPR, shows them all now. */
    void display(String format, String expr) {
        char f = formatLetter(format, "xdcu", 'n');
        if (expr.isBlank()) {
            if (displays.isEmpty()) out.println("nothing to display (display EXPR adds one)");
            showDisplays();
            return;
        }
        String shown = format(evaluate(expr), f); // a malformed expression is refused now, not at every stop
        displays.add(expr);
        displayFormats.add(f);
        out.println(displays.size() + ": " + expr + " = " + shown);
    }

    /** {@code undisplay [N]}. */
    void undisplay(String[] w) {
        if (w.length < 2) {
            out.println(displays.isEmpty() ? "nothing to display" : "deleted every display");
            displays.clear();
            displayFormats.clear();
            return;
        }
        long n = Commands.count(w[1]);
        if (n < 1 || n > displays.size()) throw new IllegalArgumentException("no display " + w[1]);
        displays.remove((int) n - 1);
        displayFormats.remove((int) n - 1);
        out.println("deleted display " + n + " (the others are numbered again from 1)");
    }

    private String format(long value, char f) {
        int v = (int) value;
        return switch (f) {
            case 'x' -> String.format("0x%08x", v);
            case 'd' -> Integer.toString(v);
            case 'u' -> Long.toString(Integer.toUnsignedLong(v));
            case 'c' -> (v & 0xFF) + " " + charText(v & 0xFF);
            default -> {
                yield v + " (" + String.format("0x%08x", v) + labelAt(v) + ")";
            }
        };
    }

    private static String charText(int b) {
        return switch (b) {
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            case 0 -> "'\\0'";
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            default -> b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("'\\x%02x'", b);
        };
    }

    private static char formatLetter(String format, String allowed, char dflt) {
        if (format == null || format.isEmpty()) return dflt;
        if (format.length() != 1 || allowed.indexOf(Character.toLowerCase(format.charAt(0))) < 0) {
            throw new IllegalArgumentException("unknown format '/" + format + "' (use one of /" + String.join(" /",
                    allowed.split("")) + ")");
        }
        return Character.toLowerCase(format.charAt(0));
    }

    // ------------------------------------------------------------------ x/NFU

    /** {@code x/NFU ADDR}: N units of U (b, h, w) in format F (x, d, u, c), or strings (s), or instructions (i). */
    void examine(String format, String expr) {
        if (expr.isBlank()) throw new IllegalArgumentException("usage: x/NFU ADDR (N a count, F one of x d u c s i,"
                + " U one of b h w)");
        long count = 1;
        char f = 'x', unit = 'w';
        String fmt = format == null ? "" : format;
        int i = 0;
        while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) i++;
        if (i > 0) {
            count = Commands.count(fmt.substring(0, i));
            if (count == 0) throw new IllegalArgumentException("x/" + fmt + ": the count must be at least 1");
        }
        for (char c : fmt.substring(i).toLowerCase(Locale.ROOT).toCharArray()) {
            if ("xducsi".indexOf(c) >= 0) f = c;
            else if ("bhw".indexOf(c) >= 0) unit = c;
            else throw new IllegalArgumentException("x/" + fmt + ": '" + c + "' is neither a format (x d u c s i)"
                    + " nor a unit (b h w)");
        }
        if (f == 'c') unit = 'b';
        long addr = evaluate(expr);
        if (addr < 0 || addr > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(expr + " is " + (addr < 0 ? "negative" : String.format("0x%x", addr))
                    + ": an address runs from 0 to 0xffffffff");
        }
        if (count > X_MAX) {
            out.println("x shows at most " + X_MAX + " units at once; showing " + X_MAX);
            count = X_MAX;
        }
        String gone = target.gone();
        if (gone != null && target.image() == null) throw new IllegalArgumentException(gone);
        if (f == 'i') {
            target.disassemble((int) addr, count);
        } else if (f == 's') {
            strings(addr, count);
        } else {
            units(addr, count, f, unit == 'b' ? 1 : unit == 'h' ? 2 : 4);
        }
    }

    private void units(long addr, long count, char f, int size) {
        int perLine = size == 1 ? 8 : 4;
        long at = addr;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perLine, count - done);
            if (at + (long) n * size - 1 > 0xFFFF_FFFFL) {
                n = (int) ((0x1_0000_0000L - at) / size);
                if (n == 0) {
                    out.println("x stops at 0xffffffff, the end of the address space");
                    return;
                }
            }
            StringBuilder values = new StringBuilder(), ascii = new StringBuilder();
            for (int k = 0; k < n; k++) {
                long v = 0;
                boolean readable = true;
                for (int b = size - 1; b >= 0; b--) {
                    int byteValue = target.peekByte((int) (at + (long) k * size + b));
                    if (byteValue < 0) readable = false;
                    v = v << 8 | (byteValue & 0xFF);
                }
                for (int b = 0; b < size; b++) {
                    int byteValue = target.peekByte((int) (at + (long) k * size + b));
                    ascii.append(byteValue < 0 ? '?' : byteValue >= 0x20 && byteValue < 0x7f ? (char) byteValue : '.');
                }
                values.append(k == 0 ? "" : "  ").append(readable ? unitText(v, f, size) : "?".repeat(2 * size + 2));
            }
            String label = labelAt((int) at);
            out.println(String.format("0x%08x%s:  %s  |%s|", at, label, values, ascii));
            at += (long) n * size;
            done += n;
            if (at > 0xFFFF_FFFFL && done < count) {
                out.println("x stops at 0xffffffff, the end of the address space");
                return;
            }
        }
    }

    private static String unitText(long v, char f, int size) {
        return switch (f) {
            case 'd' -> Long.toString(size == 4 ? (int) v : size == 2 ? (short) v : (byte) v);
            case 'u' -> Long.toString(v);
            case 'c' -> charText((int) v);
            default -> String.format("0x%0" + (2 * size) + "x", v);
        };
    }

    private void strings(long addr, long count) {
        long at = addr;
        for (long s = 0; s < count && at <= 0xFFFF_FFFFL; s++) {
            StringBuilder text = new StringBuilder();
            long start = at;
            String end = null;
            while (true) {
                if (at > 0xFFFF_FFFFL) {
                    end = " (the end of the address space)";
                    break;
                }
                int b = target.peekByte((int) at);
                if (b < 0) {
                    end = " (unreadable at " + String.format("0x%08x", at) + ")";
                    break;
                }
                at++;
                if (b == 0) break;
                if (text.length() >= STRING_MAX) {
                    end = "... (longer than " + STRING_MAX + " bytes)";
                    break;
                }
                text.append(b == '"' ? "\\\"" : charText(b).replaceAll("^'|'$", "").replace("\\'", "'"));
            }
            out.println(String.format("0x%08x%s:  \"%s\"%s", start, labelAt((int) start), text, end == null ? "" : end));
            if (end != null) return;
        }
    }

    /** " <sym+off>" when va lies inside the program's image, else "". */
    private String labelAt(int va) {
        Flx image = target.image();
        if (image == null) return "";
        for (Flx.Segment seg : image.segments()) {
            long off = Integer.toUnsignedLong(va) - Integer.toUnsignedLong(seg.vaddr());
            if (off >= 0 && off < Integer.toUnsignedLong(seg.memsz())) {
                String label = Symbols.label(image, va);
                return label == null ? "" : " <" + label + ">";
            }
        }
        return "";
    }

    // ------------------------------------------------------------------ expressions

    /**
     * Evaluates EXPR: numbers (decimal, 0x hex, 'c'), registers (a0, $a0, r1, pc, sp), CSRs ($cause, $epc,
     * $tval, $status, ...), symbols (their address), $N (an earlier print), {@code *ADDR} (the word there),
     * unary {@code - ~ !}, and {@code * / % + - << >> & ^ |} with C's precedence and parentheses.
     */
    long evaluate(String expr) {
        Parser p = new Parser(expr);
        long v = p.or();
        p.skip();
        if (p.at < expr.length()) throw new IllegalArgumentException("cannot read '" + expr + "': unexpected '"
                + expr.substring(p.at) + "'");
        return v;
    }

    private final class Parser {
        final String s;
        int at;
        int depth;

        Parser(String s) {
            this.s = s;
        }

        void skip() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        boolean eat(String op) {
            skip();
            if (s.startsWith(op, at)) {
                at += op.length();
                return true;
            }
            return false;
        }

        long or() {
            long v = xor();
            while (!peekIs("||") && eat("|")) v = v | xor();
            return v;
        }

        long xor() {
            long v = and();
            while (eat("^")) v = v ^ and();
            return v;
        }

        long and() {
            long v = shift();
            while (!peekIs("&&") && eat("&")) v = v & shift();
            return v;
        }

        long shift() {
            long v = sum();
            while (true) {
                if (eat("<<")) v = v << (sum() & 63);
                else if (eat(">>")) v = v >> (sum() & 63);
                else return v;
            }
        }

        long sum() {
            long v = product();
            while (true) {
                if (eat("+")) v = v + product();
                else if (eat("-")) v = v - product();
                else return v;
            }
        }

        long product() {
            long v = unary();
            while (true) {
                if (eat("*")) {
                    v = v * unary();
                } else if (eat("/")) {
                    long d = unary();
                    if (d == 0) throw new IllegalArgumentException("division by zero in '" + s + "'");
                    v = v / d;
                } else if (eat("%")) {
                    long d = unary();
                    if (d == 0) throw new IllegalArgumentException("division by zero in '" + s + "'");
                    v = v % d;
                } else {
                    return v;
                }
            }
        }

        long unary() {
            if (++depth > 200) throw new IllegalArgumentException("the expression is nested too deeply");
            try {
                if (eat("-")) return -unary();
                if (eat("~")) return ~unary() & 0xFFFF_FFFFL;
                if (eat("!")) return unary() == 0 ? 1 : 0;
                if (eat("*")) return word(unary());
                return primary();
            } finally {
                depth--;
            }
        }

        boolean peekIs(String op) {
            skip();
            return s.startsWith(op, at);
        }

        long primary() {
            skip();
            if (at >= s.length()) throw new IllegalArgumentException("cannot read '" + s + "': it ends too soon");
            char c = s.charAt(at);
            if (c == '(') {
                at++;
                long v = or();
                if (!eat(")")) throw new IllegalArgumentException("cannot read '" + s + "': a ')' is missing");
                return v;
            }
            if (c == '\'') {
                if (at + 2 < s.length() && s.charAt(at + 2) == '\'') {
                    at += 3;
                    return s.charAt(at - 2);
                }
                throw new IllegalArgumentException("cannot read '" + s + "': a character is written 'c'");
            }
            if (Character.isDigit(c)) return number();
            if (c == '$' || Character.isLetter(c) || c == '_' || c == '.') return name();
            throw new IllegalArgumentException("cannot read '" + s + "': unexpected '" + s.substring(at) + "'");
        }

        long number() {
            int start = at;
            while (at < s.length() && Character.isLetterOrDigit(s.charAt(at))) at++;
            String t = s.substring(start, at);
            try {
                long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
                if (v > 0xFFFF_FFFFL) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not a number from 0 to 0xffffffff");
            }
        }

        long name() {
            int start = at;
            at++;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_'
                    || s.charAt(at) == '.')) at++;
            String t = s.substring(start, at);
            String bare = t.startsWith("$") ? t.substring(1) : t;
            if (t.startsWith("$") && bare.matches("[0-9]+")) {
                int n = Integer.parseInt(bare.length() > 9 ? "0" : bare);
                if (n < 1 || n > history.size()) throw new IllegalArgumentException("no value " + t + " printed yet");
                return history.get(n - 1);
            }
            String lower = bare.toLowerCase(Locale.ROOT);
            if (lower.equals("pc")) return Integer.toUnsignedLong(target.pc());
            int r = Reg.parse(bare);
            if (r >= 0 && (t.startsWith("$") || !isSymbol(bare))) return Integer.toUnsignedLong(target.reg(r));
            if (t.startsWith("$")) {
                for (Csr csr : Csr.values()) {
                    if (csr.name().toLowerCase(Locale.ROOT).equals(lower)) return Integer.toUnsignedLong(target.csr(csr));
                }
                throw new IllegalArgumentException("no register " + t);
            }
            Flx image = target.image();
            if (image != null) {
                for (Flx.Symbol sym : image.symbols()) if (sym.name().equals(bare)) return Integer.toUnsignedLong(sym.value());
            }
            throw new IllegalArgumentException("no symbol or register '" + t + "'");
        }

        private boolean isSymbol(String name) {
            Flx image = target.image();
            if (image == null) return false;
            for (Flx.Symbol sym : image.symbols()) if (sym.name().equals(name)) return true;
            return false;
        }

        /** The word at addr, read without a fault. */
        long word(long addr) {
            if (addr < 0 || addr + 3 > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(String.format("cannot read the word at %s: an address runs from 0 to"
                        + " 0xffffffff", addr < 0 ? Long.toString(addr) : String.format("0x%x", addr)));
            }
            long v = 0;
            for (int b = 3; b >= 0; b--) {
                int byteValue = target.peekByte((int) (addr + b));
                if (byteValue < 0) {
                    throw new IllegalArgumentException(String.format("cannot read the word at 0x%08x: %s", addr,
                            target.gone() != null ? target.gone() : "not mapped"));
                }
                v = v << 8 | byteValue;
            }
            return v;
        }
    }
}
