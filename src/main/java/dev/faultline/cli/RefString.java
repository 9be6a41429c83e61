package dev.faultline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The page-reference string of {@code compare --refs}: page numbers separated by commas or spaces, or @FILE. */
public final class RefString {
    private RefString() {}

    /** The most references a string may hold. */
    static final int LIMIT = 10_000_000;

    /** The pages of the argument; an IllegalArgumentException's message is one sentence for the user. */
    public static int[] parse(String argument) {
        String text = argument;
        String from = "--refs";
        if (argument.startsWith("@")) {
            Path file = Path.of(argument.substring(1));
            from = "--refs " + argument;
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(from + ": no such file");
            try {
                if (Files.size(file) > 200L * 1024 * 1024) throw new IllegalArgumentException(from + ": the file is too large");
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae) throw iae;
                throw new IllegalArgumentException(from + ": cannot read the file");
            }
        }
        return parse(text, from);
    }

    /**
     * The pages of a reference string's text; {@code from} names it in messages ({@code --refs}). The
     * studio calls this one: a page has no files to read.
     */
    public static int[] parse(String text, String from) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(from + " is empty: give page numbers separated by commas or spaces, e.g. --refs \"7,0,1,2\"");
        }
        String[] parts = trimmed.split("[,\\s]+");
        if (parts.length > LIMIT) throw new IllegalArgumentException(from + " holds more than " + LIMIT + " references");
        int[] pages = new int[parts.length];
        int n = 0;
        for (String part : parts) {
            if (part.isEmpty()) continue;
            if (part.matches("-\\d+")) {
                throw new IllegalArgumentException(from + ": " + part + " is negative; page numbers start at 0");
            }
            if (!part.matches("\\+?\\d+")) throw new IllegalArgumentException(from + ": '" + part + "' is not a page number");
            try {
                pages[n++] = Integer.parseInt(part.startsWith("+") ? part.substring(1) : part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(from + ": " + part + " is too large for a page number (at most " + Integer.MAX_VALUE + ")");
            }
        }
        if (n == 0) throw new IllegalArgumentException(from + " holds no page numbers, only separators");
        return Arrays.copyOf(pages, n);
    }
}
