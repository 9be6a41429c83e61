package dev.faultline.asm;

/**
 * One error: {@code file:line:col: error: message}, with the source line and a caret under the column.
 * Lines and columns are 1-based; a column counts characters, and a tab counts as one.
 */
public record Diagnostic(String file, int line, int column, String message, String sourceLine) {

    /** Longest stretch of a source line shown under a diagnostic. */
    private static final int SHOWN = 160;

    /** {@code file:line:col: error: message}. */
    public String headline() {
        return dev.faultline.abi.Printable.escape(file) + ":" + line + ":" + column + ": error: " + message;
    }

    /** The headline, the source line and a caret line, each ending in a newline. */
    public String format() {
        String text = sourceLine;
        int caretIndex = Math.max(0, Math.min(text.codePointCount(0, text.length()), column - 1));
        int from = 0;
        String prefix = "", suffix = "";
        if (text.length() > SHOWN) {
            from = Math.max(0, Math.min(caretIndex - SHOWN / 2, text.length() - SHOWN));
            prefix = from > 0 ? "..." : "";
            suffix = from + SHOWN < text.length() ? "..." : "";
            text = text.substring(from, Math.min(text.length(), from + SHOWN));
        }
        text = printable(text);
        StringBuilder caret = new StringBuilder(prefix.replaceAll(".", " "));
        int upTo = Math.min(caretIndex - from, text.length());
        for (int i = 0; i < upTo; i++) caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        caret.append('^');
        return headline() + "\n" + prefix + text + suffix + "\n" + caret + "\n";
    }

    /** Control characters other than tab would garble a terminal: shown as '?'. */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c == '\t' || (c >= 0x20 && c != 0x7F) ? c : '?');
        }
        return sb.toString();
    }
}
