package dev.faultline.debug.view;

/**
 * The hardware's walk of one virtual address through the page table PTBR names: the address split into
 * VPN1 (the root index), VPN2 (the second-level index) and the offset, and each entry as it was read. A
 * walk that stops early leaves what it did not read null: {@code leafTable} and {@code leafEntry} when the
 * root entry is not a table, {@code physical} when the leaf entry is not valid.
 */
public record PageWalk(int va, int vpn1, int vpn2, int offset, boolean pagingOn, int asid, int rootTable,
                       Integer rootEntry, Integer leafTable, Integer leafEntry, Integer physical) implements View {
    @Override
    public String toJson() {
        return new JsonText("walk").num("va", va).num("vpn1", vpn1).num("vpn2", vpn2).num("offset", offset)
                .bool("pagingOn", pagingOn).num("asid", asid).num("rootTable", rootTable).num("rootEntry", rootEntry)
                .num("leafTable", leafTable).num("leafEntry", leafEntry).num("physical", physical).toString();
    }
}
