package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The swap device: whether there is one, its slots, how many are in use, and each slot in use with its
 * reference count and the frame caching it (-1 for none).
 */
public record SwapSlots(boolean device, int slots, int inUse, List<Slot> used) implements View {
    public record Slot(int slot, int refs, int cacheFrame) {}

    public SwapSlots {
        used = List.copyOf(used);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Slot s : used) json.add(JsonText.row().num("slot", s.slot()).num("refs", s.refs())
                .num("cacheFrame", s.cacheFrame()).toString());
        return new JsonText("swap").bool("device", device).num("slots", slots).num("inUse", inUse)
                .objects("used", json).toString();
    }
}
