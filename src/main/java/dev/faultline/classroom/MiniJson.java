package dev.faultline.classroom;

import dev.faultline.trace.Tracer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the classroom needs: quoting strings for what it writes, and reading back what Faultline
 * itself writes (trace records in JSON lines, {@code --stats-json}). Objects become LinkedHashMaps, arrays
 * Lists, numbers BigDecimal, and true, false, null themselves. Malformed text is an IllegalArgumentException
 * whose message says where.
 */
public final class MiniJson {
    private final String text;
    private int pos;

    private MiniJson(String text) {
        this.text = text;
    }

    /** The value text holds (and nothing after it but blanks). */
    public static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        Object v = p.value();
        p.blanks();
        if (p.pos != text.length()) throw p.error("text after the value");
        return v;
    }

    /** s as a JSON string literal, safe inside an HTML script element (the trace's own quoting). */
    public static String quote(String s) {
        return Tracer.quote(new StringBuilder(), s, true).toString();
    }

    private Object value() {
        blanks();
        if (pos >= text.length()) throw error("a value expected");
        char c = text.charAt(pos);
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"') return string();
        if (text.startsWith("true", pos)) return word("true", Boolean.TRUE);
        if (text.startsWith("false", pos)) return word("false", Boolean.FALSE);
        if (text.startsWith("null", pos)) return word("null", null);
        return number();
    }

    private Object word(String w, Object v) {
        pos += w.length();
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        blanks();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            blanks();
            if (peek() != '"') throw error("a key in double quotes expected");
            String key = string();
            blanks();
            expect(':');
            m.put(key, value());
            blanks();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array() {
        List<Object> a = new ArrayList<>();
        pos++;
        blanks();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            a.add(value());
            blanks();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return a;
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("a bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("a bad \\u escape");
                    }
                    pos += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a value expected");
        }
    }

    private void blanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "' expected");
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at character " + (pos + 1) + ": " + what);
    }
}
