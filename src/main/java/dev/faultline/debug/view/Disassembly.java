package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Instructions read from memory without a fault: each line's address, whether the program runs it next, its
 * text (null when its first byte cannot be read: the listing ends there) and where its bytes came from when
 * not from a resident page (or why they cannot be read). {@code cut}: the listing was shortened to the most
 * shown at once.
 */
public record Disassembly(List<Line> lines, boolean cut) implements View {
    public record Line(int address, boolean current, String text, String source) {}

    public Disassembly {
        lines = List.copyOf(lines);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Line l : lines) json.add(JsonText.row().num("address", l.address()).bool("current", l.current())
                .str("text", l.text()).str("source", l.source()).toString());
        return new JsonText("disassembly").objects("lines", json).bool("cut", cut).toString();
    }
}
