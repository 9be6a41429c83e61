package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of memory as the program would read them, read without a fault ({@code x ADDR N}): each word's
 * address, its value (null when some byte of it cannot be read), and where it came from when not from a
 * resident page (or why it cannot be read). {@code cut} says why fewer words were read than asked for.
 */
public record Words(List<Word> rows, Cut cut) implements View {
    public record Word(int address, Integer value, String source) {}

    /** Why a read stopped short: the most shown at once, or the end of the address space. */
    public enum Cut { NONE, AT_MOST, END_OF_SPACE }

    public Words {
        rows = List.copyOf(rows);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Word w : rows) json.add(JsonText.row().num("address", w.address()).num("value", w.value())
                .str("source", w.source()).toString());
        return new JsonText("words").objects("rows", json).str("cut", cut.name().toLowerCase(java.util.Locale.ROOT))
                .toString();
    }
}
