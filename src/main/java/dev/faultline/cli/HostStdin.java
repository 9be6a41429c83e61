package dev.faultline.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The emulator's stdin, as the guest's fd 0 (docs/kernel.md, "Host failures"). When the shell closed it ({@code <&-}), the JVM
 * reuses descriptor 0 for a file of its own (the jar, a JDK module file), and {@code System.in} would read
 * that file. Here a closed stdin reads as end of input. The launcher also gives java /dev/null then.
 */
final class HostStdin {
    private HostStdin() {}

    static InputStream open() {
        Path link = Path.of("/proc/self/fd/0");
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) return System.in; // not Linux: nothing to check
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return InputStream.nullInputStream();
        try {
            return opensOwnFile(Files.readSymbolicLink(link)) ? InputStream.nullInputStream() : System.in;
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.in;
        }
    }

    /** Whether fd 0 names a file the JVM itself opened: one under java.home, or the jar of this program. */
    static boolean opensOwnFile(Path target) {
        String t = target.toString();
        String javaHome = System.getProperty("java.home", "");
        if (!javaHome.isEmpty() && t.startsWith(javaHome + "/")) return true;
        try {
            Path jar = Path.of(HostStdin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(jar) && t.equals(jar.toString());
        } catch (Exception e) {
            return false;
        }
    }
}
