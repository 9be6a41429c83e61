package dev.faultline.asm;

import java.util.Locale;

/** The assembler directives (docs/assembler.md). */
enum Directive {
    TEXT(Section.TEXT), RODATA(Section.RODATA), DATA(Section.DATA), BSS(Section.BSS),
    BYTE(1), HALF(2), WORD(4), ASCII(0), ASCIZ(0), SPACE(0), ALIGN(0), ORG(0),
    EQU(0), ENTRY(0), INCLUDE(0);

    /** The section a section directive switches to, else null. */
    final Section section;
    /** Bytes per value of {@code .byte}, {@code .half}, {@code .word}; else 0. */
    final int width;

    Directive(Section section) {
        this.section = section;
        this.width = 0;
    }

    Directive(int width) {
        this.section = null;
        this.width = width;
    }

    /** How the directive is written: {@code .word}. */
    String spelling() {
        return "." + name().toLowerCase(Locale.ROOT);
    }

    /** The directive written {@code name} (lower case, with its dot), or null. */
    static Directive byName(String name) {
        for (Directive d : values()) {
            if (d.spelling().equals(name)) return d;
        }
        return null;
    }

    /** True for the directives that put bytes or reserve space where they stand. */
    boolean placesBytes() {
        return section == null && ordinal() >= BYTE.ordinal() && ordinal() <= ORG.ordinal();
    }

    /** True for the directives that put values (not only zeros) into the section. */
    boolean storesValues() {
        return width > 0 || this == ASCII || this == ASCIZ;
    }
}
