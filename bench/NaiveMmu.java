import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import java.nio.file.Path;

/**
 * bench/run's anchor for instruction speed: what a plain Java interpreter of FL32 with an MMU does on the
 * same program. One switch over the opcode byte per instruction, instructions decoded from memory every
 * time, every fetch, load and store translated through a 64-entry direct-mapped TLB, a miss walking the
 * two-level page table kept in physical memory (A and D bits set there), a missing page made on first touch
 * (demand-zero, or the segment's bytes). No second tier, no decode cache, no kernel, no timer.
 *
 * Usage: java -cp faultline.jar:DIR NaiveMmu PROGRAM.s [RUNS]. Runs the program RUNS times (default 5), each
 * in fresh memory, and prints the best run's instructions per second: the JIT has compiled the loop by then,
 * so this is the naive interpreter warm. The program may use only the instructions below and `sys exit`.
 */
public final class NaiveMmu {
    static final int FRAMES = 4096; // 16 MiB of physical memory; frame 0 is the root table
    static final int V = 1, R = 2, W = 4, X = 8, U = 16, A = 32, D = 64;
    static final int TLB = 64;

    final byte[] mem = new byte[FRAMES * 4096];
    int nextFrame = 1;
    final int[] tlbVpn = new int[TLB];
    final int[] tlbPte = new int[TLB];
    final int[] r = new int[16];
    final Flx image;
    long retired;

    NaiveMmu(Flx image) {
        this.image = image;
        java.util.Arrays.fill(tlbVpn, -1);
    }

    int word(int pa) {
        return (mem[pa] & 0xFF) | (mem[pa + 1] & 0xFF) << 8 | (mem[pa + 2] & 0xFF) << 16 | mem[pa + 3] << 24;
    }

    void setWord(int pa, int v) {
        mem[pa] = (byte) v;
        mem[pa + 1] = (byte) (v >> 8);
        mem[pa + 2] = (byte) (v >> 16);
        mem[pa + 3] = (byte) (v >> 24);
    }

    /** The physical address of va for an access needing permission bit need (R, W or X). */
    int translate(int va, int need) {
        int vpn = va >>> 12;
        int slot = vpn & (TLB - 1);
        int pte = tlbPte[slot];
        if (tlbVpn[slot] != vpn || (pte & need) == 0 || (need == W && (pte & D) == 0)) {
            pte = walk(va, need);
            tlbVpn[slot] = vpn;
            tlbPte[slot] = pte;
        }
        return (pte >>> 10) * 4096 + (va & 0xFFF);
    }

    /** The two-level walk; a missing page is made here (what the kernel's fault handler would do). */
    int walk(int va, int need) {
        int rootEntry = (va >>> 22) * 4;
        int pde = word(rootEntry);
        if ((pde & V) == 0) {
            pde = newFrame() << 10 | V;
            setWord(rootEntry, pde);
        }
        int leafAt = (pde >>> 10) * 4096 + ((va >>> 12) & 0x3FF) * 4;
        int pte = word(leafAt);
        if ((pte & V) == 0) pte = fault(va);
        if ((pte & need) == 0 || (pte & U) == 0) throw new IllegalStateException("protection fault at " + Integer.toHexString(va));
        pte |= A | (need == W ? D : 0);
        setWord(leafAt, pte);
        return pte;
    }

    int fault(int va) {
        for (Flx.Segment s : image.segments()) {
            long off = Integer.toUnsignedLong(va) - Integer.toUnsignedLong(s.vaddr());
            if (off < 0 || off >= ((s.memsz() + 0xFFFL) & ~0xFFFL)) continue;
            int frame = newFrame();
            long page = off & ~0xFFFL;
            for (int i = 0; i < 4096 && page + i < s.filesz(); i++) mem[frame * 4096 + i] = s.data()[(int) (page + i)];
            int f = s.flags();
            return frame << 10 | V | U | ((f & Flx.FLAG_R) != 0 ? R : 0) | ((f & Flx.FLAG_W) != 0 ? W | R : 0)
                    | ((f & Flx.FLAG_X) != 0 ? X : 0);
        }
        throw new IllegalStateException("segmentation fault at " + Integer.toHexString(va));
    }

    int newFrame() {
        if (nextFrame == FRAMES) throw new IllegalStateException("out of physical memory");
        return nextFrame++;
    }

    int load(int va) {
        if ((va & 0xFFF) <= 4092) return word(translate(va, R));
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (mem[translate(va + i, R)] & 0xFF) << (8 * i);
        return v;
    }

    void store(int va, int v) {
        if ((va & 0xFFF) <= 4092) {
            setWord(translate(va, W), v);
            return;
        }
        for (int i = 0; i < 4; i++) mem[translate(va + i, W)] = (byte) (v >> (8 * i));
    }

    /** The instruction's bytes from pc (up to 6; one fetch translation unless it crosses a page). */
    byte fetch(int pc, int i) {
        return mem[translate(pc + i, X)];
    }

    /** Runs from the entry to `sys exit`; returns the exit status. */
    int run() {
        int pc = image.entry();
        while (true) {
            int pa = translate(pc, X);
            boolean inPage = (pc & 0xFFF) <= 4090;
            int op = mem[pa] & 0xFF;
            int b1 = (inPage ? mem[pa + 1] : fetch(pc, 1)) & 0xFF;
            int d = b1 >>> 4, s = b1 & 15;
            retired++;
            switch (op) {
                case 0x01 -> pc += 1;
                case 0x10 -> { set(d, r[s]); pc += 2; }
                case 0x20, 0x21, 0x22, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E -> {
                    int b = ((inPage ? mem[pa + 2] : fetch(pc, 2)) & 0xFF) >>> 4;
                    set(d, alu(op, r[s], r[b]));
                    pc += 3;
                }
                case 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x40, 0x48,
                        0x50, 0x51, 0x52, 0x53, 0x54, 0x55 -> pc = wide(op, d, s, inPage ? word(pa + 2) : imm(pc, 2), pc);
                case 0x58, 0x5A -> {
                    pc = wide(op, d, s, inPage ? word(pa + 1) : imm(pc, 1), pc);
                    if (pc == -1) return r[1];
                }
                default -> throw new IllegalStateException("opcode " + Integer.toHexString(op) + " not in this interpreter");
            }
        }
    }

    int imm(int pc, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (fetch(pc, at + i) & 0xFF) << (8 * i);
        return v;
    }

    /** The 5- and 6-byte instructions; returns the next pc, or -1 at `sys exit`. */
    int wide(int op, int d, int s, int imm, int pc) {
        switch (op) {
            case 0x30 -> set(d, imm);
            case 0x31 -> set(d, r[s] + imm);
            case 0x32 -> set(d, r[s] & imm);
            case 0x33 -> set(d, r[s] | imm);
            case 0x34 -> set(d, r[s] ^ imm);
            case 0x35 -> set(d, r[s] << imm);
            case 0x36 -> set(d, r[s] >>> imm);
            case 0x37 -> set(d, r[s] >> imm);
            case 0x38 -> set(d, r[s] < imm ? 1 : 0);
            case 0x39 -> set(d, Integer.compareUnsigned(r[s], imm) < 0 ? 1 : 0);
            case 0x40 -> set(d, load(r[s] + imm));
            case 0x48 -> store(r[s] + imm, r[d]);
            case 0x58 -> { return pc + imm; }
            case 0x5A -> {
                if (imm == 0) return -1; // exit, the only system call here
                throw new IllegalStateException("system call " + imm + " not in this interpreter");
            }
            default -> {
                int a = r[d], b = r[s];
                boolean taken = switch (op) {
                    case 0x50 -> a == b;
                    case 0x51 -> a != b;
                    case 0x52 -> a < b;
                    case 0x53 -> a >= b;
                    case 0x54 -> Integer.compareUnsigned(a, b) < 0;
                    default -> Integer.compareUnsigned(a, b) >= 0;
                };
                return taken ? pc + imm : pc + 6;
            }
        }
        return op == 0x5A ? pc + 5 : pc + 6;
    }

    static int alu(int op, int a, int b) {
        return switch (op) {
            case 0x20 -> a + b;
            case 0x21 -> a - b;
            case 0x22 -> a * b;
            case 0x27 -> a & b;
            case 0x28 -> a | b;
            case 0x29 -> a ^ b;
            case 0x2A -> a << b;
            case 0x2B -> a >>> b;
            case 0x2C -> a >> b;
            case 0x2D -> a < b ? 1 : 0;
            default -> Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
        };
    }

    void set(int d, int v) {
        if (d != 0) r[d] = v;
    }

    public static void main(String[] args) {
        AsmResult asm = Assembler.assembleFile(Path.of(args[0]));
        if (!asm.ok()) {
            System.err.print(asm.formatDiagnostics());
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double best = 0;
        long instr = 0;
        for (int i = 0; i < runs; i++) {
            NaiveMmu m = new NaiveMmu(asm.flx());
            long t0 = System.nanoTime();
            m.run();
            long ns = System.nanoTime() - t0;
            instr = m.retired;
            best = Math.max(best, m.retired * 1e3 / ns);
        }
        System.out.printf("%.1f %d%n", best, instr);
    }
}
