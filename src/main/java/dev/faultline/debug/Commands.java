package dev.faultline.debug;

import dev.faultline.abi.Flx;
import java.io.PrintStream;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The debuggers' command loop, and parsing of their arguments: counts and addresses (numbers, symbols, SYMBOL+off). */
final class Commands {
    private Commands() {}

    /**
     * Runs commands until the input ends or a command returns false. {@code #} comments are skipped; with
     * {@code echo} each command is repeated after the prompt (scripts, pipes). An empty line repeats
     * {@code repeated.get()} (the last stepping command) when {@code repeatOnEnter}, as at gdb's prompt, and is
     * skipped otherwise (a script's blank lines). After each command {@code flushGuest} writes what the program
     * printed, then the debugger's own output is flushed.
     */
    static void loop(Supplier<String> lines, boolean echo, boolean repeatOnEnter, Supplier<String> repeated,
            PrintStream out, Predicate<String> command, Runnable flushGuest) {
        while (true) {
            String line = lines.get();
            if (line == null) return;
            line = line.strip();
            if (line.isEmpty() && repeatOnEnter && repeated.get() != null) line = repeated.get();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (echo) out.println("(fdb) " + line);
            boolean more = command.test(line);
            flushGuest.run();
            out.flush();
            if (!more) return;
        }
    }

    static long count(String s) {
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count: '" + s + "'");
        }
    }

    /** ADDR (decimal or 0x hex), SYMBOL, or either plus an offset. */
    static int address(String spec, Flx image) {
        String s = spec.trim();
        int plus = s.indexOf('+');
        if (plus > 0) return address(s.substring(0, plus), image) + (int) count(s.substring(plus + 1));
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) return (int) Long.parseLong(s.substring(2), 16);
            if (Character.isDigit(s.charAt(0))) return (int) Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an address: '" + spec + "'");
        }
        if (image != null) {
            for (Flx.Symbol sym : image.symbols()) if (sym.name().equals(s)) return sym.value();
        }
        throw new IllegalArgumentException("no symbol '" + s + "'");
    }

    /** ADDR (0x...), SYMBOL[+off], LINE (a bare number: a line of the program's source) or FILE:LINE. */
    static int location(String spec, Flx image) {
        int colon = spec.lastIndexOf(':');
        boolean bareLine = !spec.isEmpty() && spec.chars().allMatch(Character::isDigit);
        if ((colon > 0 || bareLine) && image != null) {
            int line = (int) count(spec.substring(colon + 1));
            if (colon > 0) {
                String file = spec.substring(0, colon);
                String source = image.sourceName();
                if (!source.equals(file) && !source.endsWith("/" + file) && !file.endsWith("/" + source)) {
                    throw new IllegalArgumentException("no source file '" + file + "' (the program is " + source + ")");
                }
            }
            Integer at = null;
            for (Flx.LineRow row : image.lines()) {
                if (row.line() == line && (at == null || Integer.compareUnsigned(row.address(), at) < 0)) at = row.address();
            }
            if (at == null) throw new IllegalArgumentException("no code at line " + line + " of " + image.sourceName());
            return at;
        }
        return address(spec, image);
    }
}
