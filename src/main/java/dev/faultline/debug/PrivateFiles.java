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
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The host files of a debug session that can go back in time: the {@code --root} folder and the swap file.
 * The session works on a private copy; each replay starts from a fresh copy of the originals, which stay
 * untouched until {@link #commit()} writes the session's final files over them. So a host file only ever
 * holds its original bytes or what a forward run to the session's last moment leaves there.
 */
final class PrivateFiles implements AutoCloseable {
    private final Path originalRoot;
    private final Path originalSwap;
    private final Path dir;
    private int generation;
    private Path root;
    private Path swap;

    PrivateFiles(Path root, Path swapFile) throws IOException {
        this.originalRoot = root == null ? null : root.toRealPath();
        this.originalSwap = swapFile;
        this.dir = Files.createTempDirectory("faultline-debug-");
    }

    Path root() {
        return root;
    }

    Path swapFile() {
        return swap;
    }

    /** Drops the present copy and makes a fresh one from the originals. */
    void fresh() throws IOException {
        Path previous = generation == 0 ? null : dir.resolve(Integer.toString(generation));
        generation++;
        Path here = Files.createDirectories(dir.resolve(Integer.toString(generation)));
        if (originalRoot != null) {
            root = here.resolve("root");
            copyTree(originalRoot, root);
        }
        if (originalSwap != null) {
            swap = here.resolve("swap");
            if (Files.isRegularFile(originalSwap)) Files.copy(originalSwap, swap);
        }
        if (previous != null) FileTrees.delete(previous);
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
