package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The TLB: its size, hits and misses so far, how misses are refilled, and each valid entry (its slot, the
 * page's address, the ASID and the leaf PTE it caches). {@code ramFrames} lets a face say which frames lie
 * outside RAM.
 */
public record TlbEntries(int size, long hits, long misses, boolean softwareRefill, int ramFrames, List<Entry> entries)
        implements View {
    public record Entry(int slot, int va, int asid, int pte) {}

    public TlbEntries {
        entries = List.copyOf(entries);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Entry e : entries) json.add(JsonText.row().num("slot", e.slot()).num("va", e.va()).num("asid", e.asid())
                .num("pte", e.pte()).toString());
        return new JsonText("tlb").num("size", size).num("hits", hits).num("misses", misses)
                .bool("softwareRefill", softwareRefill).num("ramFrames", ramFrames).objects("entries", json).toString();
    }
}
