package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Every process, zombies included, in pid order: its parent (0 for none), state, pc, resident pages and
 * whether it is the one running. With none left, {@code exitStatus} is the status the program exited with.
 */
public record Processes(List<Proc> processes, int exitStatus) implements View {
    public record Proc(int pid, int ppid, String state, int pc, int resident, boolean running) {}

    public Processes {
        processes = List.copyOf(processes);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Proc p : processes) json.add(JsonText.row().num("pid", p.pid()).num("ppid", p.ppid()).str("state", p.state())
                .num("pc", p.pc()).num("resident", p.resident()).bool("running", p.running()).toString());
        return new JsonText("processes").objects("processes", json).num("exitStatus", exitStatus).toString();
    }
}
