package dev.faultline.kernel;

/** Little-endian words in byte buffers bound for user memory (signal frames, rusage), and addresses as text. */
final class Words {
    private Words() {}

    static void putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >> 8);
        b[pos + 2] = (byte) (v >> 16);
        b[pos + 3] = (byte) (v >> 24);
    }

    static int getInt(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }

    /** An address or a pc as the kernel's messages write it: 0x and eight hex digits. */
    static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
