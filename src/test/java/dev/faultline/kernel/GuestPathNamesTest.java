package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/abi.md, "Paths": a guest path is bytes; each component is decoded as strict UTF-8 and must be a
 * name the host holds unchanged. Under a UTF-8 locale non-ASCII names round-trip (a host file named in
 * UTF-8 opens, a created one has the guest's bytes); under LC_ALL=C they are -ENOENT and -EINVAL; bytes
 * that are not UTF-8 are -ENOENT and -EINVAL everywhere; never a stack trace.
 */
class GuestPathNamesTest {
    private static final String PROGRAM = """
                    .text
            _start: la    a0, p_cafe            ; create a name with a non-ASCII letter
                    li    a1, O_CREAT | O_RDWR
                    sys   open
                    mov   s0, a0
                    mov   a1, a0
                    la    a0, m_create
                    call  say
                    blt   s0, zero, reopen
                    mov   a0, s0
                    la    a1, new
                    li    a2, 4
                    sys   write
            reopen: la    a0, p_cafe            ; the same bytes find it again
                    li    a1, O_RDONLY
                    sys   open
                    mov   a1, a0
                    la    a0, m_reopen
                    call  say
                    la    a0, p_naive           ; a host file named in UTF-8
                    li    a1, O_RDONLY
                    sys   open
                    mov   s0, a0
                    li    s1, 0
                    blt   s0, zero, shown
                    la    a1, buf
                    li    a2, 16
                    sys   read
                    mov   s1, a0
            shown:  la    a0, m_naive
                    mov   a1, s0
                    call  say
                    la    a0, m_read
                    mov   a1, s1
                    call  say
                    la    a0, p_ff
                    li    a1, O_RDONLY
                    sys   open
                    mov   a1, a0
                    la    a0, m_ff
                    call  say
                    la    a0, p_ff
                    li    a1, O_CREAT | O_RDWR
                    sys   open
                    mov   a1, a0
                    la    a0, m_ffc
                    call  say
                    la    a0, p_long
                    li    a1, O_RDONLY
                    sys   open
                    mov   a1, a0
                    la    a0, m_long
                    call  say
                    la    a0, p_surr
                    li    a1, O_CREAT | O_RDWR
                    sys   open
                    mov   a1, a0
                    la    a0, m_surr
                    call  say
                    la    a0, p_ff
                    sys   exec
                    mov   a1, a0
                    la    a0, m_exec
                    call  say
                    li    a0, 0
                    sys   exit
                    .bss
            buf:    .space 16
                    .rodata
            p_cafe:  .asciz "/caf\\xc3\\xa9.txt"
            p_naive: .asciz "/na\\xc3\\xafve.txt"
            p_ff:    .asciz "/\\xff.txt"
            p_long:  .asciz "/\\xc0\\xaf"
            p_surr:  .asciz "/\\xed\\xa0\\x80"
            new:     .ascii "new\\n"
            m_create: .asciz "create cafe: "
            m_reopen: .asciz "reopen cafe: "
            m_naive:  .asciz "open naive: "
            m_read:   .asciz "read: "
            m_ff:     .asciz "open ff: "
            m_ffc:    .asciz "create ff: "
            m_long:   .asciz "open overlong: "
            m_surr:   .asciz "create surrogate: "
            m_exec:   .asciz "exec ff: "
                    .include "io.s"
            """;

    private static final String UTF8_HOST = "create cafe: 3\nreopen cafe: 4\nopen naive: 5\nread: 6\nopen ff: -2\n"
            + "create ff: -22\nopen overlong: -2\ncreate surrogate: -22\nexec ff: -2\n";
    private static final String ASCII_HOST = "create cafe: -22\nreopen cafe: -2\nopen naive: -2\nread: 0\nopen ff: -2\n"
            + "create ff: -22\nopen overlong: -2\ncreate surrogate: -22\nexec ff: -2\n";

    @TempDir
    Path tmp;

    /** The program beside a copy of lib/io.s, and a root holding "naïve.txt" named by its UTF-8 bytes. */
    private Path setUp(String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("names.s"), PROGRAM);
        Files.copy(Path.of("programs/lib/io.s"), dir.resolve("io.s"));
        Path root = Files.createDirectories(dir.resolve("root"));
        // the shell names the file with exact bytes, whatever this JVM's own locale
        java.lang.Process p = new ProcessBuilder("sh", "-c", "printf 'hello\\n' > \"$(printf 'na\\303\\257ve.txt')\"")
                .directory(root.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return dir;
    }

    private static long entries(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.count();
        }
    }

    private static boolean utf8(String jnuEncoding) {
        return jnuEncoding.replace("-", "").equalsIgnoreCase("UTF8");
    }

    @Test
    void inProcessUnderThisJvmsLocale() throws Exception {
        Path dir = setUp("here");
        Path root = dir.resolve("root");
        Runs.Result r = Runs.run("run", dir.resolve("names.s").toString(), "--root", root.toString());
        boolean utf8 = utf8(System.getProperty("sun.jnu.encoding"));
        assertEquals(utf8 ? UTF8_HOST : ASCII_HOST, r.out(), r.err());
        assertEquals("", r.err());
        assertEquals(0, r.status());
        assertEquals(utf8 ? 2 : 1, entries(root));
        if (utf8) assertEquals("new\n", Files.readString(root.resolve("caf\u00e9.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void underLcAllC() throws Exception {
        Path dir = setUp("c");
        String[] run = runIn(dir, "C");
        assertEquals("0", run[0], run[2]);
        assertEquals(ASCII_HOST, run[1], run[2]);
        assertFalse(run[2].contains("Exception"), run[2]);
        assertEquals(1, entries(dir.resolve("root"))); // nothing made
    }

    @Test
    void underLcAllCUtf8() throws Exception {
        Path dir = setUp("cutf8");
        String[] run = runIn(dir, "C.UTF-8");
        assertEquals("0", run[0], run[2]);
        assertEquals(UTF8_HOST, run[1], run[2]);
        assertEquals(2, entries(dir.resolve("root")));
    }

    /** faultline in a JVM of its own under LC_ALL=locale: {status, stdout, stderr}. */
    private static String[] runIn(Path dir, String locale) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.faultline.cli.Main", "run", "names.s", "--root", "root").directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        env.put("LC_ALL", locale);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        java.lang.Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("faultline under LC_ALL=" + locale + " did not end");
        }
        return new String[] {Integer.toString(p.exitValue()), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8)};
    }

    @Test
    void theRuleItself() {
        assertEquals("caf\u00e9", FileSystem.utf8(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9}));
        assertEquals(null, FileSystem.utf8(new byte[] {(byte) 0xc0, (byte) 0xaf})); // an overlong '/'
        assertEquals(null, FileSystem.utf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})); // a surrogate
        assertEquals(null, FileSystem.utf8(new byte[] {(byte) 0xff}));
        
    }
}
