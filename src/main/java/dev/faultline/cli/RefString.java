package dev.faultline.cli;

import dev.faultline.io.InputFiles;
import dev.faultline.abi.Printable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The page-reference string of {@code compare --refs}: page numbers separated by commas or spaces, or @FILE.
 * It is parsed as it is read, straight into an array of ints, so ten million references take 40 MB and no
 * copy of the text (docs/report.md).
 */
public final class RefString {
    private RefString() {}

    /** The most references a string may hold. */
    static final int LIMIT = 10_000_000;

    /** The largest @FILE read: ten million references of up to ten digits and a separator fit. */
    static final long MAX_FILE_BYTES = 200L << 20;

    /** The pages of the argument; an IllegalArgumentException's message is one sentence for the user. */
    public static int[] parse(String argument) {
        if (!argument.startsWith("@")) return parse(new StringReader(argument), "--refs");
        String from = "--refs " + argument;
        if (argument.length() == 1) throw new IllegalArgumentException("--refs @ names no file: give @FILE");
        Path file = Path.of(argument.substring(1));
        if (Files.isDirectory(file)) throw new IllegalArgumentException(from + ": it is a folder, not a file");
        try (Reader in = new InputStreamReader(InputFiles.open(file, MAX_FILE_BYTES), StandardCharsets.UTF_8)) {
            return parse(in, from);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(from + ": no such file");
        } catch (InputFiles.TooLarge e) {
            throw new IllegalArgumentException(from + ": the file is " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(from + ": cannot read the file: " + e.getMessage());
        }
    }

    /**
     * The pages of a reference string's text; {@code from} names it in messages ({@code --refs}). The
     * studio calls this one: a page has no files to read.
     */
    public static int[] parse(String text, String from) {
        return parse(new StringReader(text), from);
    }

    /** Parses page numbers from in as they come; from names the argument in messages. */
    static int[] parse(Reader in, String from) {
        int[] pages = new int[1024];
        int n = 0;
        StringBuilder token = new StringBuilder();
        boolean comma = false;
        try {
            for (int c = in.read(); ; c = in.read()) {
                if (c == 0) throw new IllegalArgumentException(from + " is not text: it holds a NUL byte");
                if (c >= 0 && c != ',' && !Character.isWhitespace(c)) {
                    if (token.length() <= 40) token.append((char) c); // a longer token is wrong anyway
                    continue;
                }
                comma |= c == ',';
                if (token.length() > 0) {
                    if (n == LIMIT) throw new IllegalArgumentException(from + " holds more than " + LIMIT + " references");
                    if (n == pages.length) pages = Arrays.copyOf(pages, Math.min(LIMIT, pages.length * 2));
                    pages[n++] = page(token.toString(), from);
                    token.setLength(0);
                }
                if (c < 0) break;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(from + ": cannot read the file: " + e.getMessage());
        }
        if (n == 0 && comma) throw new IllegalArgumentException(from + " holds no page numbers, only separators");
        if (n == 0) {
            throw new IllegalArgumentException(from + " is empty: give page numbers separated by commas or spaces,"
                    + " e.g. --refs \"7,0,1,2\"");
        }
        return Arrays.copyOf(pages, n);
    }

    private static int page(String part, String from) {
        if (part.matches("-\\d+")) {
            throw new IllegalArgumentException(from + ": " + part + " is negative; page numbers start at 0");
        }
        if (!part.matches("\\+?\\d+")) throw new IllegalArgumentException(from + ": '" + Printable.escape(part) + "' is not a page number");
        try {
            return Integer.parseInt(part.startsWith("+") ? part.substring(1) : part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(from + ": " + part + " is too large for a page number (at most "
                    + Integer.MAX_VALUE + ")");
        }
    }
}
