package dev.faultline.debug.view;

import dev.faultline.trace.Tracer;
import java.util.List;

/** The little JSON the views need: objects of numbers, strings, booleans and arrays of them. */
final class JsonText {
    private final StringBuilder sb = new StringBuilder("{");

    JsonText(String view) {
        str("view", view);
    }

    JsonText num(String name, long value) {
        key(name).append(value);
        return this;
    }

    JsonText bool(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    /** A number that may be absent (null). */
    JsonText num(String name, Integer value) {
        key(name).append(value == null ? "null" : value.toString());
        return this;
    }

    JsonText str(String name, String value) {
        key(name);
        quote(sb, value);
        return this;
    }

    /** An array of objects already written as JSON. */
    JsonText objects(String name, List<String> json) {
        key(name).append('[').append(String.join(",", json)).append(']');
        return this;
    }

    JsonText nums(String name, List<Integer> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) sb.append(i == 0 ? "" : ",").append(values.get(i));
        sb.append(']');
        return this;
    }

    JsonText strs(String name, List<String> values) {
        key(name).append('[');
        for (int i = 0; i < values.size(); i++) quote(sb.append(i == 0 ? "" : ","), values.get(i));
        sb.append(']');
        return this;
    }

    private StringBuilder key(String name) {
        if (sb.length() > 1) sb.append(',');
        quote(sb, name);
        return sb.append(':');
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    /** An object without the "view" member, for the rows inside a view. */
    static JsonText row() {
        JsonText j = new JsonText("");
        j.sb.setLength(1);
        return j;
    }

    /** A JSON string, as traces write them (one quoting for traces, the classroom and the views), or null. */
    private static void quote(StringBuilder sb, String s) {
        if (s == null) sb.append("null");
        else Tracer.quote(sb, s, false);
    }
}
