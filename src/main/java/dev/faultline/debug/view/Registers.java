package dev.faultline.debug.view;

import java.util.List;

/**
 * The sixteen registers and the pc of the instruction the program runs next (the trapping one while a trap
 * waits for the kernel), with where that is: {@code 0x00010004 <_start+4 (hello.s:3)>}.
 */
public record Registers(List<Integer> values, int pc, String pcAt) implements View {
    public Registers {
        values = List.copyOf(values);
    }

    @Override
    public String toJson() {
        return new JsonText("registers").nums("values", values).num("pc", pc).str("pcAt", pcAt).toString();
    }
}
