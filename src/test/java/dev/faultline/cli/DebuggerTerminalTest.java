package dev.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.debug.Debugger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive debugger on a terminal: Ctrl-C during {@code continue} returns to the prompt. Once on
 * JLine's own line-discipline terminal in-process (the ^C byte becomes the INT signal exactly as a tty
 * driver makes it), and once on a real pseudo-terminal, with the debugger in a child JVM.
 */
class DebuggerTerminalTest {
    @TempDir
    Path tmp;

    private static final String LOOP = "_start: addi t0, t0, 1\n        jmp _start\n";

    /** Everything written so far, readable while the writer goes on. */
    private static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the text holds s (after index from) and returns where it ends. */
        synchronized int await(String s, int from, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (true) {
                String t = text();
                int at = t.indexOf(s, from);
                if (at >= 0) return at + s.length();
                long left = end - System.currentTimeMillis();
                if (left <= 0) fail("no '" + s + "' on the screen after " + millis + " ms:\n" + t);
                wait(left);
            }
        }
    }

    @Test
    void ctrlCDuringContinueReturnsToThePromptOnJlinesTerminal() throws Exception {
        Path program = tmp.resolve("loop.s");
        Files.writeString(program, LOOP);
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream keyboard = new PipedInputStream(keys, 4096);
        Screen screen = new Screen();
        // JLine's own line discipline: it turns the ^C byte into the INT signal, as a tty driver does
        Terminal terminal = new ExternalTerminal("test", "xterm", keyboard, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(100, 24));
        MachineOptions options = new MachineOptions();
        options.system = new SystemOptions();
        Io io = new Io(java.io.InputStream.nullInputStream(), new PrintStream(screen, true), new PrintStream(screen, true));
        AtomicInteger status = new AtomicInteger(-1);
        Thread session = new Thread(() -> {
            try (Session s = Session.open(program, options, io)) {
                Debugger debugger = new Debugger(s.kernel, new PrintStream(terminal.output(), true), Long.MAX_VALUE);
                status.set(DebugCommand.interactive(debugger, terminal));
            }
        }, "debugger-session");
        session.setDaemon(true);
        session.start();
        int at = screen.await("(fdb) ", 0, 20_000);
        keys.write("continue\r".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        Thread.sleep(500); // the loop runs
        assertTrue(session.isAlive());
        keys.write(3); // Ctrl-C
        keys.flush();
        at = screen.await("interrupted (Ctrl-C)", at, 20_000);
        at = screen.await("(fdb) ", at, 20_000);
        keys.write("regs\r".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        at = screen.await("pc   0x0001000", at, 20_000);
        keys.write("quit\r".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        session.join(20_000);
        assertEquals(0, status.get(), screen.text());
        terminal.close();
    }

    @Test
    void ctrlCDuringContinueReturnsToThePromptOnARealPseudoTerminal() throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is needed to open a pseudo-terminal");
        Path program = tmp.resolve("loop.s");
        Files.writeString(program, LOOP);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // python3's pty module gives the child JVM a real terminal: JLine puts it in raw mode for the prompt,
        // and a 0x03 typed while the machine runs reaches the JVM as SIGINT from the tty driver.
        String driver = """
                import os, pty, select, sys, time, fcntl, termios, struct
                java, cp, prog = sys.argv[1:4]
                pid, fd = pty.fork()
                if pid == 0:
                    os.execv(java, [java, '-cp', cp, 'dev.faultline.cli.Main', 'debug', prog])
                fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
                seen = b''
                def until(s, timeout=30):
                    global seen
                    end = time.time() + timeout
                    while s.encode() not in seen:
                        if time.time() > end:
                            sys.stdout.write(seen.decode(errors='replace')); sys.exit('timeout waiting for ' + s)
                        r, _, _ = select.select([fd], [], [], 0.2)
                        if r:
                            try:
                                seen += os.read(fd, 4096)
                            except OSError:
                                break
                    got = seen; seen = seen[seen.index(s.encode()) + len(s):]; return got
                until('(fdb) ')
                os.write(fd, b'continue\\r')
                time.sleep(1.0)
                os.write(fd, b'\\x03')
                until('interrupted (Ctrl-C)')
                until('(fdb) ')
                os.write(fd, b'quit\\r')
                _, status = os.waitpid(pid, 0)
                print('EXIT', status >> 8)
                """;
        Process p = new ProcessBuilder("python3", "-c", driver, java, System.getProperty("java.class.path"),
                program.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the pseudo-terminal session did not end");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("EXIT 0"), out);
    }

    /**
     * A terminal that reports zero columns and rows (a serial console, some CI runners): the debugger gives it
     * 80 by 24, so the prompt, the echo of what is typed, editing in the middle of a long line and Enter
     * repeating the last stepping command all stay readable, and the edited line is the one run.
     */
    @Test
    void aTerminalOfZeroColumnsKeepsThePromptAndLineEditingReadable() throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is needed to open a pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String driver = """
                import os, pty, select, sys, time, fcntl, termios, struct
                java, cp, prog = sys.argv[1:4]
                os.environ['TERM'] = 'xterm'
                pid, fd = pty.fork()
                if pid == 0:
                    os.execv(java, [java, '-cp', cp, 'dev.faultline.cli.Main', 'debug', prog])
                fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 0, 0, 0, 0))
                seen = b''
                def until(s, timeout=30):
                    global seen
                    end = time.time() + timeout
                    while s.encode() not in seen:
                        if time.time() > end:
                            sys.stdout.write(repr(seen)); sys.exit('timeout waiting for ' + s)
                        r, _, _ = select.select([fd], [], [], 0.2)
                        if r:
                            try:
                                seen += os.read(fd, 4096)
                            except OSError:
                                break
                    got = seen[:seen.index(s.encode()) + len(s)]; seen = seen[len(got):]; return got
                until('(fdb) ')
                os.write(fd, b'stepi\\r')
                until('(not yet handled by the kernel)'); until('(fdb) ')
                os.write(fd, b'\\r')
                print('ENTER', until('(fdb) ').decode(errors='replace').replace('\\r', ''))
                # a line longer than any terminal, then three steps left and a 9 typed in the middle
                os.write(fd, b'p 1' + b'+1' * 50 + b'\\x1bOD\\x1bOD\\x1bOD9\\r')
                got = until('(fdb) ')
                print('TYPED', got.decode(errors='replace').replace('\\r', ''))
                os.write(fd, b'quit\\r')
                _, status = os.waitpid(pid, 0)
                print('EXIT', status >> 8)
                """;
        Process p = new ProcessBuilder("python3", "-c", driver, java, System.getProperty("java.class.path"),
                "examples/hello.s").redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the pseudo-terminal session did not end");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("EXIT 0"), out);
        // Enter ran stepi again: the kernel's handling of the fault
        assertTrue(out.contains("kernel handled the fetch_fault trap"), out);
        // the long line wraps at 80 columns (the prompt and 74 characters), as on a terminal of the usual size, the edit went in, and 141 came out
        String typed = out.substring(out.indexOf("TYPED p 1+1+1"));
        assertEquals("TYPED p 1" + "+1".repeat(35) + "+", typed.substring(0, typed.indexOf('\n')), out);
        assertTrue(out.contains("$1 = 141 (0x0000008d)"), out);
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
