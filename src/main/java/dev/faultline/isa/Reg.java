package dev.faultline.isa;

import java.util.Locale;

/** Register numbers and names (docs/isa.md section 1). */
public final class Reg {
    private Reg() {}

    public static final int ZERO = 0, A0 = 1, A1 = 2, A2 = 3, A3 = 4, A4 = 5, A5 = 6,
            T0 = 7, T1 = 8, T2 = 9, T3 = 10, S0 = 11, S1 = 12, S2 = 13, FP = 14, SP = 15;

    private static final String[] ABI = {
        "zero", "a0", "a1", "a2", "a3", "a4", "a5", "t0", "t1", "t2", "t3", "s0", "s1", "s2", "fp", "sp"
    };

    /** The ABI name of register n. */
    public static String name(int n) {
        return ABI[n & 15];
    }

    /** The number of a register written as {@code rN} or by its ABI name (any case), or -1. */
    public static int parse(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < ABI.length; i++) {
            if (ABI[i].equals(s)) return i;
        }
        if (s.length() >= 2 && s.length() <= 3 && s.charAt(0) == 'r') {
            String digits = s.substring(1);
            if (digits.chars().allMatch(Character::isDigit) && !(digits.length() == 2 && digits.charAt(0) == '0')) {
                int n = Integer.parseInt(digits);
                if (n < 16) return n;
            }
        }
        return -1;
    }
}
