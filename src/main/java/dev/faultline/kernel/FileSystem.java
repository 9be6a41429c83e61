package dev.faultline.kernel;

import dev.faultline.abi.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest's view of files: a sandboxed host folder seen as {@code /}. No path may leave it, by
 * {@code ..} or by a symbolic link: such an open fails with EACCES. Without a root, every open fails with
 * ENOENT. One {@link Inode} per host file, so every open and mapping of a file shares its page cache.
 */
final class FileSystem {
    record Opened(Inode inode, int error) {}

    private final Path root;
    private final Map<Path, Inode> inodes = new HashMap<>();

    /** What every file that shrinks must do to its cached pages (the kernel's truncation). */
    private final Inode.Shrinking onShrink;

    FileSystem(Path root, Inode.Shrinking onShrink) throws IOException {
        this.root = root == null ? null : root.toRealPath();
        this.onShrink = onShrink;
    }

    /**
     * Resolves a guest path (bytes, as the guest passed them) inside the root: the inode, or an errno.
     * With {@code create} a missing last component is made, and a name the host cannot hold is -EINVAL.
     */
    Opened open(byte[] guestPath, boolean create, boolean write) {
        if (root == null) return new Opened(null, Errno.ENOENT);
        if (guestPath.length == 0) return new Opened(null, Errno.ENOENT);
        List<byte[]> parts = components(guestPath);
        Path host = root;
        int depth = 0;
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            if (is(part, ".")) continue;
            if (is(part, "..")) {
                if (depth == 0) return new Opened(null, Errno.EACCES);
                host = host.getParent();
                depth--;
                continue;
            }
            Path next = child(host, part);
            if (next == null) { // no host file can have this name: it does not exist, and cannot be made
                return new Opened(null, create && i == parts.size() - 1 ? Errno.EINVAL : Errno.ENOENT);
            }
            host = next;
            depth++;
        }
        try {
            return openHost(host, create);
        } catch (IOException | SecurityException | InvalidPathException e) {
            return new Opened(null, Errno.EACCES);
        }
    }

    private Opened openHost(Path host, boolean create) throws IOException {
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(host)) {
            if (!Files.exists(host)) return new Opened(null, Errno.ENOENT); // a dangling link
            Path real = host.toRealPath();
            if (!real.startsWith(root)) return new Opened(null, Errno.EACCES);
            if (Files.isDirectory(real)) return new Opened(null, Errno.EISDIR);
            return new Opened(inode(real), 0);
        }
        if (!create) return new Opened(null, Errno.ENOENT);
        Path parent = host.getParent();
        if (parent == null || !Files.isDirectory(parent)) return new Opened(null, Errno.ENOENT);
        Path realParent = parent.toRealPath();
        if (!realParent.startsWith(root)) return new Opened(null, Errno.EACCES);
        Path created = realParent.resolve(host.getFileName());
        Files.createFile(created);
        return new Opened(inode(created.toRealPath()), 0);
    }

    /** The non-empty components of a path, split at each '/' byte (which no UTF-8 sequence contains). */
    private static List<byte[]> components(byte[] path) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i < path.length && path[i] != '/') continue;
            if (i > from) parts.add(Arrays.copyOfRange(path, from, i));
            from = i + 1;
        }
        return parts;
    }

    private static boolean is(byte[] part, String ascii) {
        return Arrays.equals(part, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The host path for one component named by guest bytes, or null when there is none (docs/abi.md,
     * "Paths"): the bytes must be UTF-8 (decoded strictly: no overlong forms, no surrogates), and the
     * host must hold that name and give the same name back, which under LC_ALL=C means ASCII only.
     * One rule under every locale, so a name that works once always names the same file.
     */
    static Path child(Path dir, byte[] part) {
        String name = utf8(part);
        if (name == null) return null;
        try {
            Path p = dir.resolve(name);
            Path last = p.getFileName();
            return last != null && last.toString().equals(name) && p.getParent().equals(dir) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The bytes as UTF-8 text, or null when they are not UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A guest path for messages: its UTF-8 text, with a replacement character for what is not UTF-8. */
    static String shown(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }

    private Inode inode(Path real) throws IOException {
        Inode existing = inodes.get(real);
        if (existing != null) {
            existing.refreshSize();
            return existing;
        }
        Inode made = Inode.ofHost(root.relativize(real).toString(), real, onShrink);
        inodes.put(real, made);
        return made;
    }
}
