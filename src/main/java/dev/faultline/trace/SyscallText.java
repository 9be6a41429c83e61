package dev.faultline.trace;

import dev.faultline.abi.Errno;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;

/**
 * How a text trace shows a system call: the arguments the call takes (its own arity, not the six argument
 * registers), pointers and flags in hex, signals by name, and an error result by its errno name.
 */
public final class SyscallText {
    private SyscallText() {}

    /** How one argument is shown. */
    enum Arg { DEC, PTR, FLAGS, SIG }

    /** The arguments each call reads, in order (docs/abi.md). */
    static Arg[] argsOf(Syscall call) {
        return switch (call) {
            case EXIT, CLOSE, SBRK -> new Arg[] {Arg.DEC};
            case READ, WRITE -> new Arg[] {Arg.DEC, Arg.PTR, Arg.DEC};
            case OPEN -> new Arg[] {Arg.PTR, Arg.FLAGS};
            case WAIT, EXEC, PGINFO, RUSAGE -> new Arg[] {Arg.PTR};
            case KILL -> new Arg[] {Arg.DEC, Arg.SIG};
            case SIGACTION -> new Arg[] {Arg.SIG, Arg.PTR};
            case MMAP -> new Arg[] {Arg.PTR, Arg.DEC, Arg.FLAGS, Arg.FLAGS, Arg.DEC, Arg.DEC};
            case MUNMAP -> new Arg[] {Arg.PTR, Arg.DEC};
            case MPROTECT, MSYNC -> new Arg[] {Arg.PTR, Arg.DEC, Arg.FLAGS};
            case MADVISE -> new Arg[] {Arg.PTR, Arg.DEC, Arg.DEC};
            case LSEEK -> new Arg[] {Arg.DEC, Arg.DEC, Arg.DEC};
            case FORK, GETPID, GETPPID, SIGRETURN, YIELD, TICKS -> new Arg[0];
        };
    }

    /** {@code (1, 0x00011000, 13)}: the call's arguments; all six registers, in decimal, for an unknown call. */
    public static String args(Syscall call, int[] regs) {
        StringBuilder sb = new StringBuilder("(");
        if (call == null) {
            for (int i = 0; i < regs.length; i++) sb.append(i > 0 ? ", " : "").append(regs[i]);
        } else {
            Arg[] kinds = argsOf(call);
            for (int i = 0; i < kinds.length && i < regs.length; i++) {
                if (i > 0) sb.append(", ");
                int v = regs[i];
                switch (kinds[i]) {
                    case PTR -> sb.append(String.format("0x%08x", v));
                    case FLAGS -> sb.append("0x").append(Integer.toHexString(v));
                    case SIG -> sb.append(signalName(v));
                    default -> sb.append(v);
                }
            }
        }
        return sb.append(')').toString();
    }

    /** {@code SIGSEGV}, or the number for a signal without a name. */
    public static String signalName(int sig) {
        String name = Signal.name(sig);
        return name.startsWith("SIG") ? name : Integer.toString(sig);
    }

    /** The result: {@code -EFAULT} for an error, an address in hex for sbrk and mmap, otherwise decimal. */
    public static String result(Syscall call, int ret) {
        if (ret < 0 && ret >= -4095) {
            String name = errnoName(-ret);
            return name != null ? "-" + name : Integer.toString(ret);
        }
        if (call == Syscall.SBRK || call == Syscall.MMAP) return String.format("0x%08x", ret);
        return Integer.toString(ret);
    }

    /** The name of an errno value ({@code EFAULT}), or null for a number without one. */
    public static String errnoName(int errno) {
        return switch (errno) {
            case Errno.EPERM -> "EPERM";
            case Errno.ENOENT -> "ENOENT";
            case Errno.ESRCH -> "ESRCH";
            case Errno.EIO -> "EIO";
            case Errno.ENOEXEC -> "ENOEXEC";
            case Errno.EBADF -> "EBADF";
            case Errno.ECHILD -> "ECHILD";
            case Errno.EAGAIN -> "EAGAIN";
            case Errno.ENOMEM -> "ENOMEM";
            case Errno.EACCES -> "EACCES";
            case Errno.EFAULT -> "EFAULT";
            case Errno.EEXIST -> "EEXIST";
            case Errno.EISDIR -> "EISDIR";
            case Errno.EINVAL -> "EINVAL";
            case Errno.EMFILE -> "EMFILE";
            case Errno.EFBIG -> "EFBIG";
            case Errno.ENOSPC -> "ENOSPC";
            case Errno.ESPIPE -> "ESPIPE";
            case 32 -> "EPIPE";
            case Errno.ENOSYS -> "ENOSYS";
            default -> null;
        };
    }
}
