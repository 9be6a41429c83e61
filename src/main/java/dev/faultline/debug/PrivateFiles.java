package dev.faultline.debug;

import dev.faultline.io.FileTrees;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host files of a debug session that can go back in time: the {@code --root} folder and the swap file.
 * The session works on a private copy, always at the same place; a replay from the start makes it a fresh
 * copy of the originals, which stay untouched until {@link #commit()} writes the session's final files over
 * them. So a host file only ever holds its original bytes or what a forward run to the session's last
 * moment leaves there. A checkpoint keeps the copy's contents as a {@link Contents}, page by page, sharing
 * the pages that did not change since the previous checkpoint; going back to it writes them back.
 */
final class PrivateFiles implements AutoCloseable {
    /** Files are kept in pieces of this many bytes, so a checkpoint shares the unchanged ones. */
    private static final int PIECE = 4096;

    /** One entry of the private root: a folder, a file's pieces, a symbolic link, or a special file. */
    private record Entry(String path, char kind, byte[][] pieces, Path link, Object mode) {}

    /** The private files at one moment: the root's entries in walk order, and the swap file's pieces (or null). */
    static final class Contents {
        private final List<Entry> entries;
        private final byte[][] swap;

        private Contents(List<Entry> entries, byte[][] swap) {
            this.entries = entries;
            this.swap = swap;
        }

        /** The distinct pieces, for the checkpoints' memory count. */
        void pieces(java.util.function.Consumer<byte[]> each) {
            for (Entry e : entries) if (e.pieces() != null) for (byte[] p : e.pieces()) each.accept(p);
            if (swap != null) for (byte[] p : swap) each.accept(p);
        }
    }

    private final Path originalRoot;
    private final Path originalSwap;
    private final Path dir;
    private final Path root;
    private final Path swap;

    PrivateFiles(Path root, Path swapFile) throws IOException {
        this.originalRoot = root == null ? null : root.toRealPath();
        this.originalSwap = swapFile;
        this.dir = Files.createTempDirectory("faultline-debug-");
        this.root = root == null ? null : dir.resolve("root");
        this.swap = swapFile == null ? null : dir.resolve("swap");
    }

    Path root() {
        return root;
    }

    Path swapFile() {
        return swap;
    }

    /** Drops the present copy and makes a fresh one from the originals. */
    void fresh() throws IOException {
        if (root != null) {
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) FileTrees.delete(root);
            copyTree(originalRoot, root);
        }
        if (swap != null) {
            Files.deleteIfExists(swap);
            if (Files.isRegularFile(originalSwap)) Files.copy(originalSwap, swap);
        }
    }

    /**
     * The copy's contents now, sharing each piece equal to the same piece of {@code before} (null: none).
     * Fails (IOException) on a file it cannot read.
     */
    Contents contents(Contents before) throws IOException {
        Map<String, Entry> earlier = new HashMap<>();
        if (before != null) for (Entry e : before.entries) earlier.put(e.path(), e);
        List<Entry> entries = new ArrayList<>();
        if (root != null) {
            List<Path> all;
            try (Stream<Path> files = Files.walk(root)) {
                all = files.toList();
            }
            for (Path p : all) {
                String rel = root.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Object mode = a.isSymbolicLink() ? null : Host.mode(p);
                if (a.isDirectory()) entries.add(new Entry(rel, 'd', null, null, mode));
                else if (a.isSymbolicLink()) entries.add(new Entry(rel, 'l', null, Files.readSymbolicLink(p), null));
                else if (a.isOther()) entries.add(new Entry(rel, 's', null, null, mode));
                else {
                    Entry e = earlier.get(rel);
                    entries.add(new Entry(rel, 'f', pieces(Files.readAllBytes(p), e == null ? null : e.pieces()), null, mode));
                }
            }
        }
        byte[][] swapPieces = null;
        if (swap != null && Files.isRegularFile(swap)) {
            swapPieces = pieces(Files.readAllBytes(swap), before == null ? null : before.swap);
        }
        return new Contents(entries, swapPieces);
    }

    /** Makes the copy hold exactly {@code c} again. */
    void restore(Contents c) throws IOException {
        if (root != null) {
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) FileTrees.delete(root);
            for (Entry e : c.entries) {
                Path p = root.resolve(e.path());
                switch (e.kind()) {
                    case 'd' -> Files.createDirectories(p);
                    case 'l' -> Host.symbolicLink(p, e.link());
                    case 's' -> Host.copySpecial(originalRoot.resolve(e.path()), p);
                    default -> Files.write(p, join(e.pieces()));
                }
            }
            // permissions last, deepest first: a folder without write permission is filled before it is closed
            for (int i = c.entries.size() - 1; i >= 0; i--) {
                Entry e = c.entries.get(i);
                Host.mode(root.resolve(e.path()), e.mode());
            }
        }
        if (swap != null) {
            if (c.swap == null) Files.deleteIfExists(swap);
            else Files.write(swap, join(c.swap));
        }
    }

    /** Cuts bytes into pieces, reusing each piece of {@code before} whose bytes are the same. */
    private static byte[][] pieces(byte[] bytes, byte[][] before) {
        int n = (bytes.length + PIECE - 1) / PIECE;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] p = Arrays.copyOfRange(bytes, i * PIECE, Math.min(bytes.length, (i + 1) * PIECE));
            out[i] = before != null && i < before.length && Arrays.equals(before[i], p) ? before[i] : p;
        }
        return out;
    }

    private static byte[] join(byte[][] pieces) {
        int n = 0;
        for (byte[] p : pieces) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Writes every file of the copy that differs from its original (or is new) over it, and the swap file. */
    void commit() throws IOException {
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path copy : (Iterable<Path>) files::iterator) {
                    if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) continue;
                    Path original = originalRoot.resolve(root.relativize(copy).toString());
                    if (Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)
                            && Arrays.equals(Files.readAllBytes(original), Files.readAllBytes(copy))) {
                        continue;
                    }
                    Files.createDirectories(original.getParent());
                    Files.copy(copy, original, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (swap != null && Files.isRegularFile(swap)) Files.copy(swap, originalSwap, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a temporary folder left behind harms nothing
        }
    }

    /**
     * Copies a folder, symbolic links as links: a link to a path inside the original folder is made to point
     * to the same place inside the copy, so it resolves (and stays inside the root) exactly as before.
     */
    private void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(f).toString());
                if (attrs.isSymbolicLink()) {
                    Path link = Files.readSymbolicLink(f);
                    if (link.isAbsolute() && link.normalize().startsWith(from)) {
                        link = to.resolve(from.relativize(link.normalize()).toString());
                    }
                    Host.symbolicLink(target, link);
                } else if (attrs.isOther()) {
                    Host.copySpecial(f, target); // opening a FIFO to copy it would wait for a writer forever
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
