package dev.faultline.kernel;

import dev.faultline.abi.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
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

    Opened open(String guestPath, boolean create, boolean write) {
        if (root == null) return new Opened(null, Errno.ENOENT);
        if (guestPath.isEmpty()) return new Opened(null, Errno.ENOENT);
        Path host = root;
        int depth = 0;
        for (String part : guestPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (depth == 0) return new Opened(null, Errno.EACCES);
                host = host.getParent();
                depth--;
                continue;
            }
            if (part.indexOf('\0') >= 0) return new Opened(null, Errno.EINVAL);
            host = host.resolve(part);
            depth++;
        }
        try {
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
        } catch (IOException | SecurityException e) {
            return new Opened(null, Errno.EACCES);
        }
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
