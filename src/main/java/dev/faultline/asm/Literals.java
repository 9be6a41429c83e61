package dev.faultline.asm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes number, character and string literals; each malformed part is reported where it stands. */
final class Literals {
    private Literals() {}

    /** A decimal (signed 64-bit), {@code 0x} or {@code 0b} (unsigned 64-bit) number. */
    static long number(String text, Pos pos) throws AsmException {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0b") ? 2 : 10;
        String digits = radix == 10 ? lower : lower.substring(2);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
            throw new AsmException(pos, "malformed number '" + text + "'");
        }
        if (radix != 10) return unsigned(digits, radix == 16 ? 4 : 1, text, pos);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new AsmException(pos, "number '" + text + "' does not fit in 64 bits");
        }
    }

    /**
     * Hex or binary digits (already checked) as an unsigned 64-bit number, {@code bits} bits a digit. Done by
     * hand rather than with Long.parseUnsignedLong(String, int), which the studio's browser build lacks.
     */
    private static long unsigned(String digits, int bits, String text, Pos pos) throws AsmException {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            if (value >>> (64 - bits) != 0) throw new AsmException(pos, "number '" + text + "' does not fit in 64 bits");
            value = value << bits | Character.digit(digits.charAt(i), 1 << bits);
        }
        return value;
    }

    /** A character literal {@code 'c'} (with its quotes): the value of its single byte, 0..255. */
    static long character(String token, Pos pos, Diagnostics diagnostics) throws AsmException {
        byte[] bytes = unescape(token.substring(1, token.length() - 1), pos.atColumn(pos.column() + 1), diagnostics);
        if (bytes.length != 1) throw new AsmException(pos, "a character literal holds exactly one byte");
        return bytes[0] & 0xFF;
    }

    /**
     * Decodes the body of a string (without its quotes; {@code start} is the position of its first
     * character) as UTF-8 bytes with C escapes {@code \n \t \r \\ \" \' \0 \xNN}. An unknown escape is
     * reported at its backslash and stands for its letter.
     */
    static byte[] unescape(String body, Pos start, Diagnostics diagnostics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            int c = body.codePointAt(i);
            if (c != '\\') {
                writeAll(out, new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            Pos at = start.atColumn(start.column() + body.codePointCount(0, i));
            i = escape(body, i + 1, at, out, diagnostics);
        }
        return out.toByteArray();
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int escape(String body, int i, Pos at, ByteArrayOutputStream out, Diagnostics diagnostics) {
        if (i >= body.length()) {
            diagnostics.error(at, "a backslash ends the string");
            return i;
        }
        char c = body.charAt(i);
        switch (c) {
            case 'n' -> out.write('\n');
            case 't' -> out.write('\t');
            case 'r' -> out.write('\r');
            case '0' -> out.write(0);
            case '\\', '"', '\'' -> out.write(c);
            case 'x' -> {
                int end = i + 1;
                while (end < body.length() && end < i + 3 && Character.digit(body.charAt(end), 16) >= 0) end++;
                if (end == i + 1) {
                    diagnostics.error(at, "\\x needs one or two hex digits");
                } else {
                    out.write(Integer.parseInt(body.substring(i + 1, end), 16));
                }
                return end;
            }
            default -> {
                String letter = new String(Character.toChars(body.codePointAt(i)));
                diagnostics.error(at, "unknown escape '\\" + letter + "'");
                writeAll(out, letter.getBytes(StandardCharsets.UTF_8));
            }
        }
        return i + Character.charCount(body.codePointAt(i));
    }

    /** ByteArrayOutputStream.writeBytes, which the studio's browser build lacks. */
    private static void writeAll(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }
}
