package dev.faultline.machine;

/**
 * The browser build's little-endian helper: the same methods as the JVM's (src/main/java), with plain shifts,
 * because TeaVM cannot compile byte-array view handles. The web build compiles this file in place of that one.
 */
public final class LittleEndian {
    private LittleEndian() {}

    public static int getInt(byte[] b, int offset) {
        return b[offset] & 0xFF | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16 | b[offset + 3] << 24;
    }

    public static void setInt(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
        b[offset + 2] = (byte) (value >>> 16);
        b[offset + 3] = (byte) (value >>> 24);
    }

    public static int getShort(byte[] b, int offset) {
        return b[offset] & 0xFF | (b[offset + 1] & 0xFF) << 8;
    }

    public static void setShort(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }
}
