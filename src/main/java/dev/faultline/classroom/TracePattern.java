package dev.faultline.classroom;

import dev.faultline.abi.Signal;
import dev.faultline.trace.TraceKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A trace record a case expects (or forbids): its type and some fields, {@code fault kind=demand-zero
 * by=user}. A field matches a number written in decimal or hex ({@code addr=0x50000000}), a signal by name
 * ({@code sig=SIGSEGV}), true, false, null, or text, where {@code *} stands for any characters
 * ({@code kind=cow*}). Fields the pattern does not name may hold anything.
 */
final class TracePattern {
    final String text;
    final String ev;
    final Map<String, String> fields = new LinkedHashMap<>();

    private TracePattern(String text, String ev) {
        this.text = text;
        this.ev = ev;
    }

    static TracePattern parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) throw new IllegalArgumentException("names no record type");
        TraceKind kind = TraceKind.byEv(parts[0]);
        if (kind == null) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not a trace record type (trap, fault, restart,"
                    + " signal, syscall, fork, exit, swap-out, swap-in, evict, oom, tlb, sched, inject, halt)");
        }
        TracePattern p = new TracePattern(text.strip(), kind.ev());
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + parts[i] + "' is not FIELD=VALUE");
            p.fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return p;
    }

    boolean matches(Map<String, Object> record) {
        if (!ev.equals(record.get("ev"))) return false;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!record.containsKey(f.getKey())) return false;
            if (!valueMatches(f.getKey(), f.getValue(), record.get(f.getKey()))) return false;
        }
        return true;
    }

    private static boolean valueMatches(String key, String want, Object got) {
        if (got == null) return want.equals("null") || want.equals("-");
        if (got instanceof Number n) {
            Long w = number(key, want);
            return w != null && n.longValue() == w;
        }
        if (got instanceof Boolean b) return want.equals(b.toString());
        String s = got.toString();
        if (!want.contains("*")) return s.equals(want);
        String[] pieces = want.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(pieces[i]));
        }
        return s.matches(re.toString());
    }

    private static Long number(String key, String want) {
        try {
            if (want.startsWith("0x") || want.startsWith("0X")) return Long.parseLong(want.substring(2), 16);
            return Long.parseLong(want);
        } catch (NumberFormatException e) {
            if (key.equals("sig")) {
                for (int s = 1; s <= Signal.MAX; s++) {
                    if (want.equalsIgnoreCase(Signal.name(s))) return (long) s;
                }
            }
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
