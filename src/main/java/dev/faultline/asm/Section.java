package dev.faultline.asm;

import dev.faultline.abi.Flx;

/** The four sections, in the order they are laid out (docs/assembler.md). */
enum Section {
    TEXT(".text", Flx.FLAG_R | Flx.FLAG_X, Flx.SECTION_TEXT),
    RODATA(".rodata", Flx.FLAG_R, Flx.SECTION_RODATA),
    DATA(".data", Flx.FLAG_R | Flx.FLAG_W, Flx.SECTION_DATA),
    BSS(".bss", Flx.FLAG_R | Flx.FLAG_W, Flx.SECTION_BSS);

    final String directive;
    final int flags;
    final int flxSection;

    Section(String directive, int flags, int flxSection) {
        this.directive = directive;
        this.flags = flags;
        this.flxSection = flxSection;
    }

    /** bss takes no file space: it holds only zeros. */
    boolean holdsFileBytes() {
        return this != BSS;
    }
}
