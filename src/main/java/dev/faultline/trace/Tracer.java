package dev.faultline.trace;

import java.io.PrintStream;
import java.util.Set;


/**
 * Writes trace records, as JSON lines or as text for people. A record is a type, the global retired
 * instruction count, the pid, and fields in a fixed order. Callers ask {@link #on(TraceKind)} before building
 * a record, so an untraced run pays one boolean test per event.
 */
public final class Tracer {
    /** Describes a pc for the text form: {@code symbol+offset (file:line)}. */
    public interface Symbolizer {
        String describe(int pid, int pc);
    }

    /** Receives every record but {@code tlb} ones, whatever the printed kinds (the HTML report listens here). */
    public interface Tap {
        void record(TraceKind kind, long t, int pid, Object[] fields);
    }

    private final boolean[] enabled = new boolean[TraceKind.values().length];
    private final boolean[] tapped = new boolean[TraceKind.values().length];
    private final PrintStream out;
    private final boolean json;
    private final Symbolizer symbolizer;
    private final Tap tap;

    public Tracer(Set<TraceKind> kinds, PrintStream out, boolean json, Symbolizer symbolizer) {
        this(kinds, out, json, symbolizer, null);
    }

    public Tracer(Set<TraceKind> kinds, PrintStream out, boolean json, Symbolizer symbolizer, Tap tap) {
        for (TraceKind k : kinds) enabled[k.ordinal()] = true;
        if (tap != null) {
            for (TraceKind k : TraceKind.values()) tapped[k.ordinal()] = k != TraceKind.TLB;
        }
        this.out = out;
        this.json = json;
        this.symbolizer = symbolizer;
        this.tap = tap;
    }

    /** A tracer that records nothing. */
    public static Tracer off() {
        return new Tracer(Set.of(), null, false, null);
    }

    public boolean on(TraceKind kind) {
        return enabled[kind.ordinal()] || tapped[kind.ordinal()];
    }

    public void flush() {
        if (out != null) out.flush();
    }

    /** Marks a field value as an address: hex in text, a number in JSON. */
    public record Addr(int value) {}

    /** Marks a field value as a pc: symbolized in text, a number in JSON. */
    public record Pc(int value) {}

    /** Marks a field value as a signal number: its name in text, a number in JSON. */
    public record Sig(int value) {}

    /** The argument registers of a syscall: the call's own arguments in text, all six in JSON. */
    public record Args(dev.faultline.abi.Syscall call, int[] regs) {}

    /** A syscall's result: an errno name ({@code -EFAULT}) or an address in text, a number in JSON. */
    public record Ret(dev.faultline.abi.Syscall call, int value) {}

    public static Sig sig(int v) {
        return new Sig(v);
    }

    public static Addr addr(int v) {
        return new Addr(v);
    }

    public static Pc pc(int v) {
        return new Pc(v);
    }

    /** Emits one record: fields are name, value pairs (String, Number, Boolean, null, int[], Addr, Pc). */
    public void emit(TraceKind kind, long t, int pid, Object... fields) {
        if (tapped[kind.ordinal()]) tap.record(kind, t, pid, fields);
        if (!enabled[kind.ordinal()]) return;
        StringBuilder sb = new StringBuilder(96);
        if (json) {
            sb.append("{\"t\":").append(t).append(",\"pid\":").append(pid).append(",\"ev\":\"").append(kind.ev()).append('"');
            for (int i = 0; i + 1 < fields.length; i += 2) {
                sb.append(",\"").append(fields[i]).append("\":");
                appendJson(sb, fields[i + 1]);
            }
            sb.append('}');
        } else {
            sb.append(String.format("%10d  pid %-3d %-9s", t, pid, kind.ev()));
            for (int i = 0; i + 1 < fields.length; i += 2) {
                sb.append(' ').append(fields[i]).append('=');
                appendText(sb, pid, fields[i + 1]);
            }
        }
        out.println(sb);
    }

    private static void appendJson(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Addr a) sb.append(Integer.toUnsignedLong(a.value()));
        else if (v instanceof Pc p) sb.append(Integer.toUnsignedLong(p.value()));
        else if (v instanceof Sig g) sb.append(g.value());
        else if (v instanceof Args a) appendArray(sb, a.regs());
        else if (v instanceof Ret r) sb.append(r.value());
        else if (v instanceof String s) quote(sb, s, false);
        else if (v instanceof int[] arr) appendArray(sb, arr);
        else sb.append(v);
    }

    /** An int array as {@code [1,2,3]}, the same in both forms. */
    private static void appendArray(StringBuilder sb, int[] arr) {
        sb.append('[');
        for (int i = 0; i < arr.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(arr[i]);
        }
        sb.append(']');
    }

    private void appendText(StringBuilder sb, int pid, Object v) {
        if (v == null) sb.append('-');
        else if (v instanceof Addr a) sb.append(String.format("0x%08x", a.value()));
        else if (v instanceof Pc p) {
            sb.append(String.format("0x%08x", p.value()));
            String where = symbolizer == null ? null : symbolizer.describe(pid, p.value());
            if (where != null && !where.isEmpty()) sb.append(" <").append(where).append('>');
        } else if (v instanceof Sig g) sb.append(SyscallText.signalName(g.value()));
        else if (v instanceof Args a) sb.append(SyscallText.args(a.call(), a.regs()));
        else if (v instanceof Ret r) sb.append(SyscallText.result(r.call(), r.value()));
        else if (v instanceof int[] arr) appendArray(sb, arr);
        else sb.append(v);
    }

    /**
     * Appends s as a JSON string. With htmlSafe, '<', '>', '&' and the two JavaScript line separators are escaped
     * too, so that the string can sit inside an HTML script element (the report) and no {@code </script>} closes it.
     */
    public static StringBuilder quote(StringBuilder sb, String s, boolean htmlSafe) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || htmlSafe && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
