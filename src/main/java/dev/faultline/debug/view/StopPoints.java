package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The stop points set, in the order they were set: breakpoints, watchpoints (on a word, or on the PTE of a
 * page) and catchpoints. The kernel's debugger numbers them; the bare machine's breakpoints have no number (0).
 */
public record StopPoints(List<Point> points) implements View {
    public enum Kind { BREAK, WATCH, WATCH_PTE, CATCH }

    /**
     * One stop point: its number (0 when unnumbered), kind, address (of the instruction, the word, or the
     * page) and where that is, the process a watchpoint is bound to (0 for none), what a catchpoint catches
     * ({@code fault}, {@code syscall}, {@code trap}, ...), and whether a breakpoint is deleted when it stops.
     */
    public record Point(int number, Kind kind, int address, String at, int pid, String catches, boolean temporary) {}

    public StopPoints {
        points = List.copyOf(points);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Point p : points) json.add(JsonText.row().num("number", p.number())
                .str("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT)).num("address", p.address())
                .str("at", p.at()).num("pid", p.pid()).str("catches", p.catches()).bool("temporary", p.temporary())
                .toString());
        return new JsonText("stopPoints").objects("points", json).toString();
    }
}
