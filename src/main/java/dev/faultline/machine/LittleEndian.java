package dev.faultline.machine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian words and halfwords in a host byte array: the one place the machine turns bytes into values.
 * On the JVM a byte-array view handle does it in one load or store; the studio's browser build, which cannot
 * compile view handles, replaces this class with a plain-shift version of the same methods (src/studio/java).
 */
public final class LittleEndian {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    /** The word at {@code offset} (no alignment needed). */
    public static int getInt(byte[] b, int offset) {
        return (int) INT.get(b, offset);
    }

    public static void setInt(byte[] b, int offset, int value) {
        INT.set(b, offset, value);
    }

    /** The halfword at {@code offset}, zero-extended. */
    public static int getShort(byte[] b, int offset) {
        return (short) SHORT.get(b, offset) & 0xFFFF;
    }

    public static void setShort(byte[] b, int offset, int value) {
        SHORT.set(b, offset, (short) value);
    }
}
