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
            this(MAX_BYTES);
        }

        public TooLarge(long limit) {
            super("larger than the limit of " + size(limit));
        }
    }

    /** The bytes of path; {@link TooLarge} past the limit, an IOException "it is a folder" for a folder. */
    public static byte[] readBytes(Path path) throws IOException {
        return readBytes(path, MAX_BYTES);
    }

    /** As {@link #readBytes(Path)}, with a smaller limit (a debugger script's 1 MiB). */
    public static byte[] readBytes(Path path, long limit) throws IOException {
        try (InputStream in = open(path, limit)) {
            byte[] bytes = IOUtils.toByteArray(in);
            if (bytes.length > limit) throw new TooLarge(limit);
            return bytes;
        }
    }

    /**
     * A stream of path's bytes that fails with {@link TooLarge} at byte limit + 1, for an input read as it
     * goes (a reference string); an IOException "it is a folder" for a folder.
     */
    public static InputStream open(Path path, long limit) throws IOException {
        if (Files.isDirectory(path)) throw new IOException("it is a folder");
        if (Files.isRegularFile(path) && Files.size(path) > limit) throw new TooLarge(limit); // known at once
        return BoundedInputStream.builder().setPath(path).setMaxCount(limit + 1)
                .setOnMaxCount((max, count) -> {
                    throw new TooLarge(limit);
                }).get();
    }

    /** A limit for people: "64 MiB", "1 MiB", or bytes when it is not whole mebibytes. */
    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
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
