package dev.faultline.kernel;

import static dev.faultline.abi.Errno.*;

import dev.faultline.abi.Constants;
import dev.faultline.abi.Flx;
import dev.faultline.abi.FlxFormatException;
import dev.faultline.abi.Signal;
import dev.faultline.abi.Syscall;
import dev.faultline.io.InputFiles;
import dev.faultline.isa.Access;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;

/** The system calls of docs/abi.md: arguments in a0..a5, the result in a0, errors as -errno. */
final class Syscalls {
    private static final int SYS_LEN = 5;
    private static final int IO_CHUNK = 64 * 1024;

    private final UserMemory user;
    private final Vm vm;
    private final Pager pager;
    private final Cpu cpu;
    private final PhysicalMemory mem;
    private final KernelEvents events;
    private final Tracer tracer;
    private final FaultInjector injector;
    private final FileSystem fs;
    private final ProcessTable procs;
    private final Scheduler sched;
    private final Signals signals;
    private final Exits exits;
    private final Console console;
    private final int maxProcs;

    /** Every layer a syscall may reach, each by itself; maxProcs is fork's limit (--max-procs). */
    Syscalls(UserMemory user, Vm vm, Pager pager, Cpu cpu, PhysicalMemory mem, KernelEvents events,
             FaultInjector injector, FileSystem fs, ProcessTable procs, Scheduler sched, Signals signals, Exits exits,
             Console console, int maxProcs) {
        this.user = user;
        this.vm = vm;
        this.pager = pager;
        this.cpu = cpu;
        this.mem = mem;
        this.events = events;
        this.tracer = events.tracer;
        this.injector = injector;
        this.fs = fs;
        this.procs = procs;
        this.sched = sched;
        this.signals = signals;
        this.exits = exits;
        this.console = console;
        this.maxProcs = maxProcs;
    }

    /** Runs syscall n for p (whose sys instruction is at pc) and advances it past the sys unless it blocked. */
    void dispatch(Process p, int n, int pc) {
        Syscall call = Syscall.byNumber(n);
        int[] a = {p.regs[1], p.regs[2], p.regs[3], p.regs[4], p.regs[5], p.regs[6]};
        if (call == Syscall.SIGRETURN) {
            signals.sigreturn(p, pc);
            trace(p, call, n, a, 0);
            cpu.retire();
            return;
        }
        if (call == Syscall.EXIT) { // the sys retires, is traced, and the process is gone
            cpu.retire();
            trace(p, call, n, a, 0);
            exits.exit(p, a[0] & 0xFF);
            return;
        }
        if (call == Syscall.EXEC) {
            int r = exec(p, a[0], pc);
            trace(p, call, n, a, r);
            cpu.retire();
            if (r < 0) {
                p.regs[1] = r;
                p.pc = pc + SYS_LEN;
            }
            return;
        }
        int result = call == null ? -ENOSYS : run(p, call, a, pc);
        if (p.inWait) { // blocked: the sys runs again when the process is woken
            p.inWait = false;
            p.pc = pc;
            return;
        }
        trace(p, call, n, a, result);
        cpu.retire();
        if (p.alive()) {
            p.regs[1] = result;
            p.pc = pc + SYS_LEN;
        }
    }

    private void trace(Process p, Syscall call, int n, int[] a, int result) {
        if (tracer.on(TraceKind.SYSCALL)) {
            tracer.emit(TraceKind.SYSCALL, cpu.instret(), p.pid, "name", call == null ? Integer.toString(n) : call.lowerName(),
                    "args", new Tracer.Args(call, a.clone()), "ret", new Tracer.Ret(call, result));
        }
    }

    private int run(Process p, Syscall call, int[] a, int pc) {
        return switch (call) {
            case READ -> read(p, a[0], a[1], a[2], pc);
            case WRITE -> write(p, a[0], a[1], a[2], pc);
            case OPEN -> open(p, a[0], a[1], pc);
            case CLOSE -> closeFd(p, a[0]) ? 0 : -EBADF;
            case FORK -> fork(p);
            case WAIT -> waitChild(p, a[0], pc);
            case GETPID -> p.pid;
            case GETPPID -> p.parent == null ? 0 : p.parent.pid;
            case KILL -> kill(p, a[0], a[1]);
            case SIGACTION -> sigaction(p, a[0], a[1]);
            case SBRK -> sbrk(p, a[0]);
            case MMAP -> mmap(p, a[0], a[1], a[2], a[3], a[4], a[5]);
            case MUNMAP -> munmap(p, a[0], a[1]);
            case MPROTECT -> mprotect(p, a[0], a[1], a[2]);
            case MSYNC -> msync(p, a[0], a[1], a[2]);
            case MADVISE -> madvise(p, a[0], a[1], a[2]);
            case YIELD -> {
                sched.yield(p);
                yield 0;
            }
            case PGINFO -> pginfo(p, a[0]);
            case RUSAGE -> rusage(p, a[0], pc);
            case LSEEK -> lseek(p, a[0], a[1], a[2]);
            case TICKS -> (int) cpu.instret();
            case EXIT, SIGRETURN, EXEC -> throw new IllegalStateException("handled in dispatch");
        };
    }

    // ------------------------------------------------------------------ files

    private int read(Process p, int fd, int buf, int count, int pc) {
        if (count < 0) return -EINVAL;
        // The pointer first (docs/abi.md section 1): the whole buffer must be writable before anything is read.
        if (count > 0 && !probe(p, buf, count, Access.STORE, pc)) return -EFAULT;
        OpenFile f = p.fd(fd);
        if (f == null || !f.readable) return -EBADF;
        if (count == 0) return 0;
        byte[] data = new byte[Math.min(count, IO_CHUNK)];
        try {
            int got;
            if (f.kind == OpenFile.Kind.STDIN) {
                console.out().flush();
                got = readStdin(data);
            } else if (f.kind == OpenFile.Kind.FILE) {
                got = readFile(f, data);
            } else {
                return -EBADF;
            }
            if (got > 0 && !user.copyOut(p, buf, data, 0, got, pc)) return -EFAULT;
            return got;
        } catch (IOException e) {
            events.warn("read: " + e.getMessage());
            return -EIO;
        }
    }

    /** read() from the host's stdin: a closed stdin reads as end of input (docs/kernel.md, "Host failures"). */
    private int readStdin(byte[] data) throws IOException {
        try {
            return Math.max(0, console.in().read(data, 0, data.length));
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Bad file descriptor") || m.contains("Stream closed")) return 0;
            throw e;
        }
    }

    /** read() from a file: page-cache pages first (they hold what mappings wrote), the file otherwise. */
    private int readFile(OpenFile f, byte[] data) throws IOException {
        Inode inode = f.inode;
        inode.refreshSize();
        long pos = f.offset;
        int total = 0;
        while (total < data.length && pos < inode.size()) {
            int page = (int) (pos >>> 12);
            int off = (int) (pos & 0xFFF);
            int chunk = (int) Math.min(Math.min(data.length - total, 4096 - off), inode.size() - pos);
            int pfn = pager.cached(inode, page);
            if (pfn >= 0) {
                mem.read(pfn, off, data, total, chunk);
            } else {
                if (!inode.isAnonymous() && injector.fails(InjectKind.FILE_READ)) {
                    throw new IOException("injected failure (--inject file-read)");
                }
                chunk = inode.read(pos, data, total, chunk);
            }
            if (chunk <= 0) break;
            total += chunk;
            pos += chunk;
        }
        f.offset = pos;
        return total;
    }

    /**
     * The whole executable as {@code read()} would see it: the file, with every page-cache page laid over
     * it, since a page a shared mapping changed is newer than the file until it is written back.
     */
    private byte[] readExecutable(Inode inode) throws IOException {
        inode.refreshSize();
        byte[] bytes = inode.readAll();
        for (java.util.Map.Entry<Integer, Integer> cached : inode.pages.entrySet()) {
            long pos = (long) cached.getKey() << 12;
            if (pos >= bytes.length) break;
            int n = (int) Math.min(4096, bytes.length - pos);
            mem.read(cached.getValue(), 0, bytes, (int) pos, n);
        }
        return bytes;
    }

    private int write(Process p, int fd, int buf, int count, int pc) {
        if (count < 0) return -EINVAL;
        if (count > 0 && !probe(p, buf, count, Access.LOAD, pc)) return -EFAULT; // the pointer first
        OpenFile f = p.fd(fd);
        if (f == null || !f.writable) return -EBADF;
        int done = 0;
        byte[] data = new byte[Math.min(Math.max(count, 1), IO_CHUNK)];
        while (done < count) {
            int chunk = Math.min(count - done, data.length);
            if (!user.copyIn(p, buf + done, data, 0, chunk, pc)) return done > 0 ? done : -EFAULT;
            try {
                int failed = switch (f.kind) {
                    case STDOUT -> console.out().write(data, 0, chunk);
                    case STDERR -> console.err().write(data, 0, chunk);
                    case FILE -> {
                        writeFile(f, data, chunk);
                        yield 0;
                    }
                    default -> -EBADF;
                };
                if (failed != 0) return hostWriteFailed(p, failed, done);
            } catch (IOException e) {
                events.warn("write: " + e.getMessage());
                return done > 0 ? done : HostOutput.errno(e);
            }
            done += chunk;
        }
        return done;
    }

    /**
     * A host write failed (docs/kernel.md, "Host failures"): a pipe whose reader has gone raises SIGPIPE (the call returns -EPIPE
     * when it is handled or ignored); a call that wrote some bytes first returns their count.
     */
    private int hostWriteFailed(Process p, int errno, int done) {
        if (errno == -EPIPE) signals.send(p, Signal.SIGPIPE);
        return done > 0 ? done : errno;
    }

    /** write() to a file: through to the host file, and into any page-cache page so mappings see it. */
    private void writeFile(OpenFile f, byte[] data, int len) throws IOException {
        Inode inode = f.inode;
        inode.refreshSize();
        if (f.append) f.offset = inode.size();
        long pos = f.offset;
        inode.write(pos, data, 0, len);
        int done = 0;
        while (done < len) {
            long at = pos + done;
            int page = (int) (at >>> 12);
            int off = (int) (at & 0xFFF);
            int chunk = Math.min(len - done, 4096 - off);
            int pfn = pager.cached(inode, page);
            if (pfn >= 0) mem.write(pfn, off, data, done, chunk);
            done += chunk;
        }
        f.offset = pos + len;
    }

    /** Checks that [va, va+n) can be accessed (taking faults as needed); false for -EFAULT. */
    private boolean probe(Process p, int va, int n, Access access, int pc) {
        long start = Integer.toUnsignedLong(va) & ~0xFFFL;
        long end = Integer.toUnsignedLong(va) + n;
        for (long at = start; at < end; at += 4096) {
            int addr = at == start ? va : (int) at;
            if (user.userFrame(p, addr, access, pc) < 0) return false;
        }
        return true;
    }

    private int open(Process p, int pathPtr, int flags, int pc) {
        byte[] path = user.readBytes(p, pathPtr, 4096, pc);
        if (path == null) return -EFAULT;
        int fd = p.freeFd();
        if (fd < 0) return -EMFILE;
        int mode = flags & 3;
        if (mode == 3) return -EINVAL;
        FileSystem.Opened opened = fs.open(path, (flags & Constants.O_CREAT) != 0, mode != Constants.O_RDONLY);
        if (opened.error() != 0) return -opened.error();
        Inode inode = opened.inode();
        if ((flags & Constants.O_TRUNC) != 0 && mode != Constants.O_RDONLY) {
            try {
                inode.truncate();
            } catch (IOException e) {
                return -EIO;
            }
        }
        p.fds[fd] = new OpenFile(OpenFile.Kind.FILE, inode, mode != Constants.O_WRONLY, mode != Constants.O_RDONLY,
                (flags & Constants.O_APPEND) != 0);
        return fd;
    }

    private boolean closeFd(Process p, int fd) {
        OpenFile f = p.fd(fd);
        if (f == null) return false;
        p.fds[fd] = null;
        return true;
    }

    private int lseek(Process p, int fd, int offset, int whence) {
        OpenFile f = p.fd(fd);
        if (f == null) return -EBADF;
        if (f.kind != OpenFile.Kind.FILE) return -ESPIPE;
        f.inode.refreshSize();
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> f.offset;
            case 2 -> f.inode.size();
            default -> -1;
        };
        if (base < 0) return -EINVAL;
        long pos = base + offset;
        if (pos < 0 || pos > Integer.MAX_VALUE) return -EINVAL;
        f.offset = pos;
        return (int) pos;
    }

    // ------------------------------------------------------------------ processes

    private int fork(Process p) {
        if (procs.count() >= maxProcs) return -EAGAIN;
        if (!ForkReserve.allows(pager, ForkReserve.tablesFor(p.space))) return -ENOMEM; // docs/kernel.md
        Process child = procs.create(p);
        AddressSpace space = vm.newSpace(child, false);
        if (space == null || !vm.copyTables(p.space, space)) {
            if (space != null) vm.destroy(space);
            procs.reap(child);
            return -ENOMEM;
        }
        child.space = space;
        child.image = p.image;
        System.arraycopy(p.regs, 0, child.regs, 0, 16);
        child.regs[1] = 0;
        child.pc = p.pc + SYS_LEN;
        System.arraycopy(p.handlers, 0, child.handlers, 0, 32);
        child.blocked = p.blocked;
        for (int[] f : p.restartFrames) child.restartFrames.addLast(f.clone()); // same frames on the same stack
        for (int i = 0; i < Process.MAX_FDS; i++) {
            child.fds[i] = p.fds[i];
        }
        procs.forks++;
        sched.makeRunnable(child);
        if (tracer.on(TraceKind.FORK)) tracer.emit(TraceKind.FORK, cpu.instret(), p.pid, "child", child.pid);
        return child.pid;
    }

    private int waitChild(Process p, int statusPtr, int pc) {
        if (statusPtr != 0 && !probe(p, statusPtr, 4, Access.STORE, pc)) return -EFAULT; // the pointer first
        if (p.children.isEmpty()) return -ECHILD;
        Process done = null;
        for (Process c : p.children) {
            if (!c.alive() && !c.orphan) {
                done = c;
                break;
            }
        }
        if (done == null) {
            boolean any = p.children.stream().anyMatch(c -> !c.orphan || c.alive());
            if (!any) return -ECHILD;
            sched.block(p);
            p.inWait = true;
            return 0;
        }
        if (statusPtr != 0 && !user.writeWord(p, statusPtr, done.exitStatus, pc)) return -EFAULT;
        procs.reap(done);
        return done.pid;
    }

    private int kill(Process p, int pid, int sig) {
        if (sig < 0 || sig > Signal.MAX) return -EINVAL;
        Process target = procs.get(pid);
        if (target == null || !target.alive()) return -ESRCH;
        if (sig == 0) return 0;
        signals.send(target, sig);
        return 0;
    }

    private int sigaction(Process p, int sig, int handler) {
        if (sig < 1 || sig > Signal.MAX || sig == Signal.SIGKILL) return -EINVAL;
        int old = p.handlers[sig];
        p.handlers[sig] = handler;
        return old;
    }

    private int exec(Process p, int pathPtr, int pc) {
        byte[] path = user.readBytes(p, pathPtr, 4096, pc);
        if (path == null) return -EFAULT;
        FileSystem.Opened opened = fs.open(path, false, false);
        // Only a regular file can be executed: a folder, a FIFO or a device is -EACCES, as on Linux
        if (opened.error() == EISDIR || opened.error() == 0 && !opened.inode().isRegularFile()) return -EACCES;
        if (opened.error() != 0) return -opened.error();
        byte[] bytes;
        Flx image;
        try {
            bytes = readExecutable(opened.inode());
            image = Flx.read(bytes);
        } catch (InputFiles.TooLarge e) {
            return -ENOEXEC; // over 64 MiB: not an executable this kernel loads (docs/abi.md)
        } catch (IOException e) {
            return -EIO;
        } catch (FlxFormatException e) {
            return -ENOEXEC;
        }
        AddressSpace fresh = vm.newSpace(p, false);
        if (fresh == null) return -ENOMEM;
        String problem = Loader.load(fresh, image, FileSystem.shown(path));
        if (problem != null) {
            vm.destroy(fresh);
            return -ENOEXEC;
        }
        AddressSpace old = p.space;
        p.space = fresh;
        sched.spaceChanged(p);
        vm.destroy(old);
        p.image = image;
        java.util.Arrays.fill(p.regs, 0);
        p.regs[15] = AddressSpace.USER_TOP;
        p.pc = image.entry();
        for (int s = 0; s < 32; s++) {
            if (p.handlers[s] > Signal.SIG_IGN) p.handlers[s] = Signal.SIG_DFL;
        }
        p.blocked = 0;
        p.restartFrames.clear();
        return 0;
    }

    // ------------------------------------------------------------------ memory

    private int sbrk(Process p, int increment) {
        AddressSpace as = p.space;
        int old = as.brk;
        long target = Integer.toUnsignedLong(old) + increment;
        if (target < Integer.toUnsignedLong(as.brkStart) || target > AddressSpace.MMAP_BASE) return -ENOMEM;
        int newBrk = (int) target;
        int oldEnd = pageUp(old), newEnd = pageUp(newBrk);
        Vma heap = as.heap();
        if (Integer.compareUnsigned(newEnd, oldEnd) > 0) {
            if (!as.isFree(oldEnd, newEnd)) return -ENOMEM;
            if (heap == null) {
                heap = new Vma(as.brkStart, newEnd, Vma.READ | Vma.WRITE, false, null, 0, Vma.Role.HEAP, false);
                as.vmas.put(heap.start, heap);
            } else {
                heap.end = newEnd;
            }
        } else if (Integer.compareUnsigned(newEnd, oldEnd) < 0 && heap != null) {
            vm.clearRange(as, newEnd, oldEnd);
            heap.end = newEnd;
            if (heap.end == heap.start) as.vmas.remove(heap.start);
        }
        as.brk = newBrk;
        return old;
    }

    private int mmap(Process p, int addr, int length, int prot, int flags, int fd, int offset) {
        if (length == 0) return -EINVAL;
        if ((offset & 0xFFF) != 0) return -EINVAL;
        boolean shared = (flags & Constants.MAP_SHARED) != 0, priv = (flags & Constants.MAP_PRIVATE) != 0;
        if (shared == priv) return -EINVAL;
        if ((prot & ~7) != 0) return -EINVAL;
        boolean fixed = (flags & Constants.MAP_FIXED) != 0;
        if (fixed && (addr & 0xFFF) != 0) return -EINVAL;
        long len = (Integer.toUnsignedLong(length) + 0xFFF) & ~0xFFFL;
        if (len > 0x80000000L) return -ENOMEM;
        Inode file = null;
        boolean fileWritable = false;
        if ((flags & Constants.MAP_ANONYMOUS) == 0) {
            OpenFile f = p.fd(fd);
            if (f == null) return -EBADF;
            if (f.kind != OpenFile.Kind.FILE) return -EACCES;
            if (!f.readable) return -EACCES;
            if (shared && (prot & Constants.PROT_WRITE) != 0 && !f.writable) return -EACCES;
            file = f.inode;
            fileWritable = f.writable;
        } else if (shared) {
            file = Inode.anonymous(len);
            fileWritable = true;
        }
        AddressSpace as = p.space;
        int start;
        if (fixed) {
            long end = Integer.toUnsignedLong(addr) + len;
            if (Integer.toUnsignedLong(addr) < 0x10000 || end > 0x80000000L) return -EINVAL;
            start = addr;
            vm.unmap(as, start, (int) end);
        } else {
            start = vm.findFree(as, (int) len);
            if (start == -1) return -ENOMEM;
        }
        Vma v = new Vma(start, (int) (start + len), prot, shared, file, offset >>> 12, Vma.Role.MMAP, fileWritable);
        as.vmas.put(start, v);
        return start;
    }

    private int munmap(Process p, int addr, int length) {
        if ((addr & 0xFFF) != 0 || length == 0) return -EINVAL;
        long end = Integer.toUnsignedLong(addr) + ((Integer.toUnsignedLong(length) + 0xFFF) & ~0xFFFL);
        if (end > 0x80000000L) return -EINVAL;
        vm.unmap(p.space, addr, (int) end);
        return 0;
    }

    private int mprotect(Process p, int addr, int length, int prot) {
        if ((addr & 0xFFF) != 0) return -EINVAL;
        if ((prot & ~7) != 0) return -EINVAL;
        long end = Integer.toUnsignedLong(addr) + ((Integer.toUnsignedLong(length) + 0xFFF) & ~0xFFFL);
        if (end > 0x80000000L) return -ENOMEM;
        if (length == 0) return 0;
        if (!vm.covered(p.space, addr, (int) end)) return -ENOMEM;
        for (Vma v : p.space.vmas.values()) {
            boolean overlaps = Integer.compareUnsigned(v.start, (int) end) < 0 && Integer.compareUnsigned(v.end, addr) > 0;
            if (overlaps && v.shared && v.file != null && (prot & Constants.PROT_WRITE) != 0 && !v.fileWritable) return -EACCES;
        }
        vm.protect(p.space, addr, (int) end, prot);
        return 0;
    }

    private int msync(Process p, int addr, int length, int flags) {
        if (flags != 0 && flags != Constants.MS_SYNC) return -EINVAL; // as Linux, the flags first
        if ((addr & 0xFFF) != 0) return -EINVAL;
        long end = Integer.toUnsignedLong(addr) + ((Integer.toUnsignedLong(length) + 0xFFF) & ~0xFFFL);
        AddressSpace as = p.space;
        if (end > 0x80000000L || !vm.covered(as, addr, (int) end)) return -ENOMEM;
        boolean failed = false;
        for (long at = Integer.toUnsignedLong(addr); at < end; at += 4096) {
            Vma v = as.find((int) at);
            if (v == null || !v.shared || v.file == null) continue;
            int pte = as.pte(mem, (int) (at >>> 12));
            if (Pte.isValid(pte) && !pager.writeBack(Pte.pfn(pte))) failed = true; // it stays dirty
        }
        return failed ? -EIO : 0;
    }

    private int madvise(Process p, int addr, int length, int advice) {
        // Linux's hints MADV_NORMAL (0) to MADV_WILLNEED (3) are accepted and change nothing; any other advice but
        // MADV_DONTNEED is -EINVAL, checked before the range, as Linux does.
        if (Integer.compareUnsigned(advice, Constants.MADV_DONTNEED) > 0) return -EINVAL;
        if ((addr & 0xFFF) != 0) return -EINVAL;
        long end = Integer.toUnsignedLong(addr) + ((Integer.toUnsignedLong(length) + 0xFFF) & ~0xFFFL);
        if (end > 0x80000000L) return -EINVAL;
        if (advice != Constants.MADV_DONTNEED) return 0;
        if (!vm.covered(p.space, addr, (int) end)) return -ENOMEM;
        vm.dontNeed(p.space, addr, (int) end);
        return 0;
    }

    private int pginfo(Process p, int va) {
        AddressSpace as = p.space;
        Vma v = as.find(va);
        int bits = 0;
        if (v != null) bits |= 1;
        if (v != null && v.file != null && !v.file.isAnonymous()) bits |= 128;
        int pte = as.pte(mem, va >>> 12);
        if (Pte.isValid(pte)) {
            bits |= 2;
            if ((pte & Pte.W) != 0) bits |= 4;
            boolean cow = (pte & Pte.COW) != 0;
            if (cow) bits |= 8;
            if ((pte & Pte.D) != 0) bits |= 32;
            if ((pte & Pte.A) != 0) bits |= 64;
        } else if (Pte.isSwap(pte)) {
            bits |= 16;
        }
        return bits;
    }

    private int rusage(Process p, int buf, int pc) {
        int[] words = {
            (int) p.counters.minorFaults, (int) p.counters.majorFaults, (int) p.counters.cowCopies,
            (int) p.counters.swapIns, (int) p.counters.swapOuts, (int) sched.tlbMissesOf(p), (int) sched.instructionsOf(p),
            p.space.resident
        };
        byte[] bytes = new byte[32];
        for (int i = 0; i < 8; i++) Words.putInt(bytes, i * 4, words[i]);
        return user.copyOut(p, buf, bytes, 0, 32, pc) ? 0 : -EFAULT;
    }

    private static int pageUp(int v) {
        return (v + 0xFFF) & ~0xFFF;
    }
}
