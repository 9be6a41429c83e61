package dev.faultline.debug;

import dev.faultline.abi.Flx;

/** Parsing of debugger arguments: counts and addresses (numbers, symbols, SYMBOL+off). */
final class Commands {
    private Commands() {}

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
}
