package dev.faultline.abi;

/**
 * Names that come from a user's files (symbols and the source name of an FLX file, tokens of an input) made
 * safe to print as text: a control character would change the terminal's title or colours, and a newline
 * would forge a trace line. Each such character is written as an escape ({@code \n}, {@code \t},
 * {@code \x1b}); a backslash stays as it is, so ordinary names print unchanged.
 */
public final class Printable {
    private Printable() {}

    /** s with every control character (C0, DEL, C1, and the line and paragraph separators) escaped. */
    public static String escape(String s) {
        if (s == null || clean(s)) return s;
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) sb.append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c <= 0xff) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    private static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) return false;
        }
        return true;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c == '\u2028' || c == '\u2029';
    }
}
