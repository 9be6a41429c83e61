package dev.faultline.machine;

import dev.faultline.machine.tier2.Tier2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Instruction;
import dev.faultline.isa.Opcode;
import dev.faultline.isa.TrapCause;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bare machine for tests, with no kernel: page tables written straight into physical memory, code
 * encoded into frames, and a trap handler that records each trap and halts (or, for software refill,
 * plays the refill handler with {@link Cpu#tlbWrite} and {@link Cpu#sret}).
 *
 * <p>With software refill, a miss for which the walk finds no permitted leaf is recorded as the page
 * fault the hardware walker would have raised, so a test's assertions hold in every {@link Config}.
 */
final class Rig {
    static final int CODE = 0x10000;
    static final int DATA = 0x20000;
    static final int PAGE = PhysicalMemory.PAGE_SIZE;

    /** A machine configuration: TLB size and refill mode (software refill gets the victim buffer). */
    record Config(int tlbSize, boolean software, Tier tier) {
        /** The interpreter alone. */
        Config(int tlbSize, boolean software) {
            this(tlbSize, software, Tier.INTERP);
        }

        Tlb tlb() {
            return new Tlb(tlbSize, software);
        }

        Config withTier(Tier t) {
            return new Config(tlbSize, software, t);
        }

        @Override
        public String toString() {
            return "tlb=" + tlbSize + (software ? " software refill" : " hardware refill") + " tier=" + tier.cliName();
        }
    }

    /**
     * Every configuration a program's results must not depend on (docs/isa.md section 4), under both tiers (the
     * second translating a branch target the second time a branch goes there).
     */
    static Stream<Config> configs() {
        return Stream.of(new Config(0, false), new Config(1, false), new Config(3, false), new Config(64, false),
                new Config(1, true), new Config(3, true), new Config(64, true))
                .flatMap(c -> Stream.of(c, c.withTier(Tier.AUTO)));
    }

    /** Runs a test once per {@link #configs()}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.faultline.machine.Rig#configs")
    @interface AllConfigs {}

    /** One trap as the handler saw it: CSRs, user registers and the retired count at trap entry. */
    record Trap(int cause, int epc, int tval, int status, int[] regs, long instret) {
        TrapCause trapCause() {
            return TrapCause.of(cause);
        }

        @Override
        public String toString() {
            return String.format("%s epc=0x%08x tval=0x%08x", TrapCause.of(cause), epc, tval);
        }
    }

    /** What a test does with a trap that is not a refilled TLB miss; the default halts. */
    interface Then {
        void onTrap(Rig rig, Trap trap);
    }

    final Config config;
    final PhysicalMemory mem;
    final Tlb tlb;
    final Cpu cpu;
    final int root;
    final int asid;
    /** Frames holding page tables (their A/D bits change on every access). */
    final Set<Integer> tables = new HashSet<>();
    /** Traps other than refilled misses, in order. */
    final List<Trap> traps = new ArrayList<>();
    /** TLB misses refilled by the software handler, in order. */
    final List<Trap> refills = new ArrayList<>();
    Then then = (rig, trap) -> rig.cpu.halt();
    private int nextPfn = 1;
    private int handled;

    Rig() {
        this(new Config(8, false));
    }

    Rig(Config config) {
        this(config, 64, 3);
    }

    Rig(Config config, int frames, int asid) {
        this.config = config;
        this.mem = new PhysicalMemory(frames);
        this.tlb = config.tlb();
        this.cpu = new Cpu(mem, tlb, config.software());
        cpu.setTier(config.tier(), Tier2.maker(1));
        this.asid = asid;
        this.root = frame();
        tables.add(root);
        cpu.setTrapHandler(c -> onTrap());
    }

    private void onTrap() {
        if (++handled > 100_000) {
            cpu.halt();
            fail("more than 100000 traps: livelock? last " + traps + " "
                    + refills.subList(Math.max(0, refills.size() - 5), refills.size()));
        }
        Trap trap = new Trap(cpu.csr(Csr.CAUSE), cpu.csr(Csr.EPC), cpu.csr(Csr.TVAL), cpu.csr(Csr.STATUS), regs(),
                cpu.instret());
        TrapCause cause = trap.trapCause();
        if (cause.isTlbMiss()) {
            // The refill a kernel does: walk the current tables for the access, write the leaf, restart.
            Access access = Access.ofCause(cause);
            boolean user = (trap.status() & Csr.STATUS_PM) == 0;
            int leaf = cpu.mmu().translate(cpu.csr(Csr.PTBR) & Csr.PTBR_ROOT_MASK, trap.tval(), access, user);
            if (leaf != 0) {
                refills.add(trap);
                cpu.tlbWrite(trap.tval() >>> 12, leaf);
                cpu.sret();
                return;
            }
            trap = new Trap(access.faultCause().code(), trap.epc(), trap.tval(), trap.status(), trap.regs(),
                    trap.instret());
        }
        traps.add(trap);
        then.onTrap(this, trap);
    }

    // ------------------------------------------------------------------ physical memory and page tables

    /** A fresh zeroed frame. */
    int frame() {
        int pfn = nextPfn++;
        mem.zeroFrame(pfn);
        return pfn;
    }

    /** Maps va to frame pfn with the given flags (V added), making the second-level table if needed. */
    void map(int va, int pfn, int flags) {
        setPte(va, Pte.make(pfn, flags | Pte.V));
    }

    /** Maps va to a fresh frame; returns the frame. */
    int map(int va, int flags) {
        int pfn = frame();
        map(va, pfn, flags);
        return pfn;
    }

    /** Writes the raw second-level entry for va. */
    void setPte(int va, int pte) {
        int vpn = va >>> 12;
        int rootEntry = mem.readPte(root, Pte.rootIndex(vpn));
        if (!Pte.isPointer(rootEntry)) {
            int table = frame();
            tables.add(table);
            rootEntry = Pte.make(table, Pte.V);
            mem.writePte(root, Pte.rootIndex(vpn), rootEntry);
        }
        mem.writePte(Pte.pfn(rootEntry), Pte.leafIndex(vpn), pte);
    }

    /** The raw second-level entry for va, as it is in physical memory. */
    int pte(int va) {
        return cpu.mmu().entry(root, va >>> 12);
    }

    /** The frame va is mapped to (whatever the permissions). */
    int pfnOf(int va) {
        int pte = pte(va);
        if ((pte & Pte.V) == 0) throw new IllegalStateException(String.format("0x%08x not mapped", va));
        return Pte.pfn(pte);
    }

    void poke(int va, int... bytes) {
        for (int i = 0; i < bytes.length; i++) mem.writeByte(pfnOf(va + i), (va + i) & 0xFFF, bytes[i]);
    }

    void pokeWord(int va, int value) {
        for (int i = 0; i < 4; i++) mem.writeByte(pfnOf(va + i), (va + i) & 0xFFF, value >>> (8 * i));
    }

    int peek(int va) {
        return mem.readByte(pfnOf(va), va & 0xFFF);
    }

    int peekWord(int va) {
        int v = 0;
        for (int i = 0; i < 4; i++) v |= peek(va + i) << (8 * i);
        return v;
    }

    /** Encodes the instructions at va onward (through the page tables); returns the address after them. */
    int emit(int va, Instruction... code) {
        for (Instruction insn : code) {
            byte[] bytes = insn.encode();
            for (int i = 0; i < bytes.length; i++) mem.writeByte(pfnOf(va + i), (va + i) & 0xFFF, bytes[i]);
            va += bytes.length;
        }
        return va;
    }

    // ------------------------------------------------------------------ running

    int ptbr() {
        return root | asid << Csr.PTBR_ASID_SHIFT | Csr.PTBR_ENABLE;
    }

    /** Turns paging on and drops to user mode at pc (STATUS.IE = interrupts) through sret. */
    void enterUser(int pc, boolean interrupts) {
        cpu.setCsr(Csr.PTBR, ptbr());
        cpu.setCsr(Csr.EPC, pc);
        cpu.setCsr(Csr.STATUS, Csr.STATUS_M | (interrupts ? Csr.STATUS_PIE : 0));
        cpu.sret();
    }

    /** Runs user code from pc until the handler halts the machine; returns the first recorded trap. */
    Trap runUser(int pc) {
        enterUser(pc, false);
        return run();
    }

    /** Runs until halted (at most a million instructions); returns the first recorded trap, or null. */
    Trap run() {
        cpu.run(cpu.instret() + 1_000_000);
        if (!cpu.halted()) fail("machine did not halt");
        return traps.isEmpty() ? null : traps.get(0);
    }

    int[] regs() {
        int[] regs = new int[16];
        for (int i = 0; i < 16; i++) regs[i] = cpu.reg(i);
        return regs;
    }

    /** Gives r1..r15 distinct recognisable values, so a stray register write shows. */
    void sentinels() {
        for (int i = 1; i < 16; i++) cpu.setReg(i, 0xA5000000 | i * 0x010101);
    }

    /** A copy of every frame that is not a page table (PTE A/D bits are allowed to change). */
    byte[][] dataFrames() {
        byte[][] copy = new byte[mem.frameCount()][];
        for (int pfn = 0; pfn < copy.length; pfn++) {
            if (!tables.contains(pfn)) copy[pfn] = mem.frame(pfn).clone();
        }
        return copy;
    }

    /** A copy of all physical memory. */
    byte[][] allFrames() {
        byte[][] copy = new byte[mem.frameCount()][];
        for (int pfn = 0; pfn < copy.length; pfn++) copy[pfn] = mem.frame(pfn).clone();
        return copy;
    }

    // ------------------------------------------------------------------ precise-trap checks

    /** State before an instruction runs, to prove a trap left it untouched. */
    record Before(int[] regs, byte[][] frames) {}

    Before before() {
        return new Before(regs(), dataFrames());
    }

    /** Runs user code from pc and asserts it traps precisely (see {@link #assertPreciseTrap}). */
    Trap trapsPrecisely(int pc, TrapCause cause, int epc, int tval) {
        Before before = before();
        runUser(pc);
        return assertPreciseTrap(before, cause, epc, tval);
    }

    /**
     * Asserts the three things riscv-tests checks: exactly one trap, its cause and TVAL, EPC = the
     * faulting instruction, and nothing changed (no register, no data byte).
     */
    Trap assertPreciseTrap(Before before, TrapCause cause, int epc, int tval) {
        assertEquals(1, traps.size(), () -> "traps " + traps);
        Trap trap = traps.get(0);
        assertEquals(cause, trap.trapCause(), () -> "cause of " + trap);
        assertEquals(hex(epc), hex(trap.epc()), "EPC");
        assertEquals(hex(tval), hex(trap.tval()), "TVAL");
        assertArrayEquals(before.regs(), trap.regs(), "registers after the trap");
        assertArrayEquals(before.regs(), regs(), "registers now");
        byte[][] now = dataFrames();
        for (int pfn = 0; pfn < now.length; pfn++) {
            if (now[pfn] != null) assertArrayEquals(before.frames()[pfn], now[pfn], "frame " + pfn + " changed");
        }
        assertEquals(Csr.STATUS_M, cpu.csr(Csr.STATUS) & (Csr.STATUS_M | Csr.STATUS_PM | Csr.STATUS_IE),
                "kernel mode, PM=user, IE=0");
        return trap;
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }

    // ------------------------------------------------------------------ instruction shorthands

    static Instruction n(Opcode op) {
        return new Instruction(op, 0, 0, 0, 0);
    }

    static Instruction r(Opcode op, int d, int s) {
        return new Instruction(op, d, s, 0, 0);
    }

    static Instruction rrr(Opcode op, int d, int a, int b) {
        return new Instruction(op, d, a, b, 0);
    }

    static Instruction ri(Opcode op, int d, int s, int imm) {
        return new Instruction(op, d, s, 0, imm);
    }

    static Instruction li(int d, int imm) {
        return ri(Opcode.LI, d, 0, imm);
    }

    static Instruction addi(int d, int s, int imm) {
        return ri(Opcode.ADDI, d, s, imm);
    }

    static Instruction lw(int d, int s, int imm) {
        return ri(Opcode.LW, d, s, imm);
    }

    static Instruction sw(int v, int s, int imm) {
        return ri(Opcode.SW, v, s, imm);
    }

    static Instruction j(Opcode op, int imm) {
        return new Instruction(op, 0, 0, 0, imm);
    }

    static Instruction b(Opcode op, int a, int b, int rel) {
        return new Instruction(op, 0, a, b, rel);
    }

    static Instruction brk() {
        return n(Opcode.BRK);
    }

    static Instruction sys(int number) {
        return j(Opcode.SYS, number);
    }
}
