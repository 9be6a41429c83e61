package dev.faultline.report;

import dev.faultline.trace.Tracer;

/** The few JSON writing helpers the report needs; strings are safe to embed in an HTML script element. */
final class Json {
    private Json() {}

    /** Appends s as a JSON string, escaped so that no {@code </script>} can close the data element. */
    static StringBuilder str(StringBuilder sb, String s) {
        if (s == null) return sb.append("null");
        return Tracer.quote(sb, s, true);
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
