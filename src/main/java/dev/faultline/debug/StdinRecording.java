package dev.faultline.debug;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The guest's stdin, recorded read by read. A replay gets exactly the answers the session got (the same
 * bytes in the same chunks, the same end of file, the same error), and reads the real stdin only past
 * the end of the recording: what a program consumed is never asked for twice.
 */
final class StdinRecording extends InputStream {
    /** One answer of the real stdin: bytes, end of file (null bytes, no error), or an error. */
    private record Answer(byte[] bytes, String error) {}

    private final InputStream live;
    private final List<Answer> answers = new ArrayList<>();
    private int next;

    StdinRecording(InputStream live) {
        this.live = live;
    }

    /** A new replay starts from the first read. */
    void rewind() {
        next = 0;
    }

    /** The next read's number (for a checkpoint). */
    int mark() {
        return next;
    }

    /** A replay from a checkpoint goes on from that checkpoint's read. */
    void reset(int mark) {
        next = mark;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        Answer a;
        if (next < answers.size()) {
            a = answers.get(next);
        } else {
            try {
                int n = live.read(b, off, len);
                a = new Answer(n < 0 ? null : Arrays.copyOfRange(b, off, off + n), null);
            } catch (IOException e) {
                a = new Answer(null, String.valueOf(e.getMessage()));
            }
            answers.add(a);
        }
        next++;
        if (a.error() != null) throw new IOException(a.error());
        if (a.bytes() == null) return -1;
        if (a.bytes().length > len) {
            throw new IllegalStateException("StdinRecording.read: a replay asked for " + len + " bytes where the run got "
                    + a.bytes().length);
        }
        System.arraycopy(a.bytes(), 0, b, off, a.bytes().length);
        return a.bytes().length;
    }
}
