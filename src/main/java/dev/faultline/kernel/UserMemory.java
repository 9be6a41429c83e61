package dev.faultline.kernel;

import dev.faultline.isa.Access;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.Mmu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;

/**
 * The kernel's copies to and from user memory (xv6's copyin and copyout). The kernel walks the process's
 * page table itself and takes the same faults a program would, through {@link Vm#handleFault}: demand-zero,
 * COW, swap-in. An access that would be a SIGSEGV or SIGBUS for the program is -EFAULT here (false, -1 or
 * null), and the syscall goes on without a restart.
 */
final class UserMemory {
    /** A page may fault once per attempt (a swap-in then a COW, say); more means something is wrong. */
    private static final int ATTEMPTS = 4;

    private final Cpu cpu;
    private final Mmu mmu;
    private final PhysicalMemory mem;
    private final Vm vm;
    private final KernelEvents events;
    /** What the kernel's accesses are for just now: a syscall's name, or the signal frame (debuggers show it). */
    private String accessFor = "a syscall";

    /** events records each fault the kernel's accesses take, as {@code by: kernel}. */
    UserMemory(Cpu cpu, PhysicalMemory mem, Vm vm, KernelEvents events) {
        this.cpu = cpu;
        this.mmu = cpu.mmu();
        this.mem = mem;
        this.vm = vm;
        this.events = events;
    }

    /** Says what the next accesses to user memory are for; returns what they were for before. */
    String accessFor(String what) {
        String before = accessFor;
        accessFor = what;
        return before;
    }

    /** The frame holding va for this access, faulting it in as the program would; -1 for -EFAULT. */
    int userFrame(Process p, int va, Access access, int pc) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int pte = mmu.translate(p.space.rootPfn, va, access, true);
            if (pte != 0) {
                cpu.noteAccess(p.space.asid, va >>> 12, Pte.pfn(pte));
                return Pte.pfn(pte);
            }
            KernelListener listener = events.listener();
            if (listener != null) listener.kernelFault(p.pid, va, access, pc, accessFor);
            FaultResult result = vm.handleFault(p, va, access);
            if (!result.resolved()) return -1; // a signal the program would get is -EFAULT here; or no memory
            events.fault(p, va, access, pc, result, true); // the syscall simply goes on: no restart
        }
        return -1;
    }

    /** Copies user memory [va, va+n) into dst; false for -EFAULT. */
    boolean copyIn(Process p, int va, byte[] dst, int off, int n, int pc) {
        int done = 0;
        while (done < n) {
            int at = va + done;
            int pfn = userFrame(p, at, Access.LOAD, pc);
            if (pfn < 0) return false;
            int chunk = Math.min(n - done, PhysicalMemory.PAGE_SIZE - (at & 0xFFF));
            mem.read(pfn, at & 0xFFF, dst, off + done, chunk);
            done += chunk;
        }
        return true;
    }

    /** Copies src into user memory [va, va+n); false for -EFAULT (the pages before the bad one are written). */
    boolean copyOut(Process p, int va, byte[] src, int off, int n, int pc) {
        int done = 0;
        while (done < n) {
            int at = va + done;
            int pfn = userFrame(p, at, Access.STORE, pc);
            if (pfn < 0) return false;
            int chunk = Math.min(n - done, PhysicalMemory.PAGE_SIZE - (at & 0xFFF));
            mem.write(pfn, at & 0xFFF, src, off + done, chunk);
            done += chunk;
        }
        return true;
    }

    /** One little-endian word into user memory; false for -EFAULT. */
    boolean writeWord(Process p, int va, int value, int pc) {
        byte[] b = new byte[4];
        Words.putInt(b, 0, value);
        return copyOut(p, va, b, 0, 4, pc);
    }

    /**
     * A NUL-terminated string of at most max bytes from user memory, as the bytes it holds (a guest path is
     * bytes: {@link FileSystem} decides what host name they make), or null for -EFAULT.
     */
    byte[] readBytes(Process p, int va, int max, int pc) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] one = new byte[1];
        for (int i = 0; i < max; i++) {
            if (!copyIn(p, va + i, one, 0, 1, pc)) return null;
            if (one[0] == 0) return bytes.toByteArray();
            bytes.write(one[0]);
        }
        return null;
    }
}
