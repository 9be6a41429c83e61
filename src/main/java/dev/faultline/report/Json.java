package dev.faultline.report;

/**
 * The few JSON writing helpers the report needs. Strings are written to sit inside the page's data element
 * ({@code <script type="application/json">}, read back with JSON.parse), where the HTML parser looks for
 * only two things: {@code </script} (which would close the element) and {@code <!--} (which would change how
 * it looks for the close). So only those are broken up, {@code </} as {@code <\/} and {@code <!--} as
 * {@code \u003c!--}, besides what JSON itself requires ({@code "}, {@code \}, control characters). Every other
 * character, {@code <}, {@code >}, {@code &} and all of Unicode, is written as it is: an embedded source stays
 * near its own size (one extra character per {@code </}, five per {@code <!--}), however many {@code <} it
 * has.
 */
final class Json {
    private Json() {}

    /** Appends s as a JSON string that cannot close or disturb the data element. */
    static StringBuilder str(StringBuilder sb, String s) {
        if (s == null) return sb.append("null");
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '<' -> sb.append(s.startsWith("!--", i + 1) ? "\\u003c" : i + 1 < s.length() && s.charAt(i + 1) == '/' ? "<\\" : "<");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    static String str(String s) {
        return str(new StringBuilder(), s).toString();
    }

    static StringBuilder ints(StringBuilder sb, int[] values) {
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(values[i]);
        }
        return sb.append(']');
    }
}
