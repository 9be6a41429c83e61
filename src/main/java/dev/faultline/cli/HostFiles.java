package dev.faultline.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Host files are shared with no one (docs/cli.md, "Inputs and outputs"): no two of a run's own files may be
 * one file, and a swap file is held by one run at a time.
 */
final class HostFiles {
    private HostFiles() {}

    /** A file a command was given, with the option that named it (null when the option was not given). */
    record Named(String option, Path path) {}

    /**
     * Why two of these files are one, as one sentence; null when they are all different. The program may only
     * be read, so any output naming it is refused; the outputs and the swap file must differ from each other.
     * Files are compared by what they are on the host (hard and symbolic links included), not by spelling.
     */
    static String clash(Path program, List<Named> files) {
        Object programKey = program == null || !Files.isRegularFile(program) ? null : identity(program);
        for (int i = 0; i < files.size(); i++) {
            Named a = files.get(i);
            if (!storable(a.path())) continue;
            Object key = identity(a.path());
            if (programKey != null && programKey.equals(key)) {
                return a.option() + " " + a.path() + " is the program " + program + " itself; refusing to overwrite it";
            }
            for (int j = 0; j < i; j++) {
                Named b = files.get(j);
                if (storable(b.path()) && key.equals(identity(b.path()))) {
                    return b.option() + " " + b.path() + " and " + a.option() + " " + a.path()
                            + " name the same file; give each its own";
                }
            }
        }
        return null;
    }

    /**
     * Whether a path names a file that keeps what is written to it: a regular file, or one not made yet.
     * A device or a pipe ({@code /dev/null}, {@code /dev/stdout}) may be named by several options.
     */
    private static boolean storable(Path path) {
        return path != null && (Files.isRegularFile(path) || !Files.exists(path));
    }

    /**
     * What a path is on the host: an existing file's key (device and inode on Unix, so hard links match), or
     * its real path; for a file not made yet, the real path of its folder with its name.
     */
    static Object identity(Path path) {
        try {
            if (Files.exists(path)) {
                Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return key != null ? key : path.toRealPath();
            }
            Path absolute = path.toAbsolutePath().normalize();
            Path parent = absolute.getParent();
            Path name = absolute.getFileName();
            if (parent != null && name != null && Files.isDirectory(parent)) return parent.toRealPath().resolve(name);
            return absolute;
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** Raised when another run holds the swap file; the message is the sentence to print. */
    static final class InUse extends IOException {
        InUse(Path swapFile) {
            super("swap file in use: " + swapFile + " is held by another run");
        }
    }

    /**
     * Takes the swap file for this run: a lock held until {@link SwapLock#close}. The lock is a host file lock
     * on a lock file of its own in the temporary folder, named after the swap file's identity, and never on
     * the swap file itself: a POSIX lock is dropped whenever the process closes any descriptor of the file,
     * and the kernel, the debugger's private copies and the swap file check all open and close it. The swap
     * file is made (empty) when missing, so that it has an identity.
     */
    static SwapLock lockSwapFile(Path swapFile) throws IOException {
        if (!Files.exists(swapFile)) Files.newOutputStream(swapFile, StandardOpenOption.CREATE).close();
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "faultline-swap-" + digest(identity(swapFile)) + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        shareWithEveryone(lockFile);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this same JVM
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new InUse(swapFile);
        }
        return new SwapLock(channel);
    }

    /** The lock of one swap file; closing it lets the next run have the file. */
    static final class SwapLock implements AutoCloseable {
        private final FileChannel channel;

        private SwapLock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close(); // releases the lock; the empty lock file stays, as lock files must
            } catch (IOException e) {
                // the process is about to let go of it anyway
            }
        }
    }

    /** Another user sharing the same swap file must be able to take the same lock. */
    private static void shareWithEveryone(Path lockFile) {
        try {
            Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not ours to change, or not a POSIX host: the lock still works for this user
        }
    }

    private static String digest(Object identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HostFiles.digest: the JDK has no SHA-256", e);
        }
    }
}
