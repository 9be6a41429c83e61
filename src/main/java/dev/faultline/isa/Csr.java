package dev.faultline.isa;

import java.util.Locale;

/** Control and status registers (docs/isa.md section 7). */
public enum Csr {
    STATUS(0), TVEC(1), EPC(2), CAUSE(3), TVAL(4), PTBR(5), SCRATCH(6), CYCLE(7), TIMECMP(8);

    /** STATUS bits. */
    public static final int STATUS_M = 1, STATUS_PM = 2, STATUS_IE = 4, STATUS_PIE = 8;
    /** PTBR fields. */
    public static final int PTBR_ENABLE = 1 << 31, PTBR_ASID_SHIFT = 22, PTBR_ASID_MASK = 0xFF, PTBR_ROOT_MASK = 0x3FFFFF;

    public final int number;

    Csr(int number) {
        this.number = number;
    }

    public static Csr byNumber(int n) {
        return n >= 0 && n < values().length ? values()[n] : null;
    }

    public static Csr byName(String name) {
        for (Csr c : values()) {
            if (c.name().equals(name.toUpperCase(Locale.ROOT))) return c;
        }
        return null;
    }
}
