package dev.faultline.debug.view;

import java.util.List;

/**
 * Where the program stopped and why: the reason as the debugger words it (null after a plain step), the
 * source line there ({@code [pid 2] hello.s:10  la a1, msg}; null when there is none), the instruction
 * about to run, and each display expression with its value.
 */
public record Stop(String why, String sourceLine, Disassembly.Line instruction, List<String> displays) implements View {
    public Stop {
        displays = List.copyOf(displays);
    }

    @Override
    public String toJson() {
        JsonText j = new JsonText("stop").str("why", why).str("sourceLine", sourceLine);
        if (instruction != null) {
            j.num("pc", instruction.address()).str("instruction", instruction.text());
        }
        return j.strs("displays", displays).toString();
    }
}
