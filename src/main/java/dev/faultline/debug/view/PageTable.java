package dev.faultline.debug.view;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's two-level page table: the frame of its root table, its ASID, and each second-level table (its
 * root index and frame) with its entries (the page's address and PTE; entries of 0 are left out). When
 * {@code only} is given, just the table and entry of that address are here, the entry even when it is 0.
 */
public record PageTable(int pid, int rootFrame, int asid, Integer only, List<Table> tables) implements View {
    public record Entry(int va, int pte) {}

    public record Table(int rootIndex, int frame, List<Entry> entries) {
        public Table {
            entries = List.copyOf(entries);
        }
    }

    public PageTable {
        tables = List.copyOf(tables);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Table t : tables) {
            List<String> entries = new ArrayList<>();
            for (Entry e : t.entries()) entries.add(JsonText.row().num("va", e.va()).num("pte", e.pte()).toString());
            json.add(JsonText.row().num("rootIndex", t.rootIndex()).num("frame", t.frame()).objects("entries", entries)
                    .toString());
        }
        return new JsonText("pageTable").num("pid", pid).num("rootFrame", rootFrame).num("asid", asid)
                .num("only", only).objects("tables", json).toString();
    }
}
