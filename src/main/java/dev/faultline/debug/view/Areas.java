package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's areas, each [start, end) with its permissions ({@code r-xp}: read, write, execute, shared or
 * private), its name (text, rodata, data, bss, heap, stack, anonymous, file) and the file behind it (null for
 * none) from page {@code filePage}; then the program break, where the heap starts, and the resident pages.
 */
public record Areas(int pid, List<Area> areas, int brk, int brkStart, int resident) implements View {
    public record Area(int start, int end, String perms, String role, String file, int filePage) {}

    public Areas {
        areas = List.copyOf(areas);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Area a : areas) json.add(JsonText.row().num("start", Integer.toUnsignedLong(a.start()))
                .num("end", Integer.toUnsignedLong(a.end())).str("perms", a.perms()).str("role", a.role())
                .str("file", a.file()).num("filePage", a.filePage()).toString());
        return new JsonText("areas").num("pid", pid).objects("areas", json).num("brk", Integer.toUnsignedLong(brk))
                .num("brkStart", Integer.toUnsignedLong(brkStart)).num("resident", resident).toString();
    }
}
