package dev.faultline.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Reads the files a user hands the command (sources, includes, executables, debugger scripts) with a size
 * limit that holds even for files whose size the host does not know in advance ({@code /dev/zero}, a pipe):
 * the read stops one byte past the limit, so no input is ever read whole to learn that it is too big.
 */
public final class InputFiles {
    private InputFiles() {}

    /** The largest input file: 64 MiB. */
    public static final long MAX_BYTES = 64L << 20;

    /** Raised for a file over {@link #MAX_BYTES}; its message is the reason, for one sentence. */
    public static final class TooLarge extends IOException {
        public TooLarge() {
            super("larger than the limit of " + (MAX_BYTES >> 20) + " MiB");
        }
    }

    /** The bytes of path; {@link TooLarge} past the limit, an IOException "it is a folder" for a folder. */
    public static byte[] readBytes(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new IOException("it is a folder");
        if (Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) throw new TooLarge(); // known at once
        try (InputStream in = BoundedInputStream.builder().setPath(path).setMaxCount(MAX_BYTES + 1)
                .setOnMaxCount((max, count) -> {
                    throw new TooLarge();
                }).get()) {
            byte[] bytes = IOUtils.toByteArray(in);
            if (bytes.length > MAX_BYTES) throw new TooLarge();
            return bytes;
        }
    }

    /** The text of path, as UTF-8. */
    public static String readString(Path path) throws IOException {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /** The lines of path, as UTF-8. */
    public static List<String> readLines(Path path) throws IOException {
        return IOUtils.readLines(new java.io.StringReader(readString(path)));
    }
}
