package dev.faultline.classroom;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.TrapCause;
import dev.faultline.machine.Cpu;
import dev.faultline.machine.MachineObserver;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import dev.faultline.machine.Tlb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code exercise tlb}: a TLB size, a refill mode and a short sequence of loads and stores. The answers come
 * from running that sequence as a real FL32 program on Faultline's {@link Cpu} with its {@link Tlb}: page
 * tables are written into physical memory, the program is assembled by Faultline's assembler, and the CPU
 * runs it in user mode one instruction at a time while a {@link MachineObserver} notes each miss. Under
 * software refill the trap handler is the refill a kernel does (walk, {@code tlbwr}, {@code sret}).
 */
final class TlbExercise {
    private TlbExercise() {}

    static final int CODE_VPN = 0x10;
    private static final int ASID = 1;

    /** What the run found: for each access whether it missed, the misses of all kinds, and the final slots. */
    record Outcome(boolean[] missed, boolean[] recalled, int allMisses, int handlerRuns, List<int[]> slots) {}

    static Problem make(SplittableRandom r) {
        int size = r.nextBoolean() ? 4 : 8;
        boolean software = r.nextBoolean();
        int[] pool = new int[3 + r.nextInt(3)];
        for (int i = 0; i < pool.length; i++) {
            int vpn;
            do {
                vpn = 0x20 + r.nextInt(0x40);
            } while (vpn % size == CODE_VPN % size || contains(pool, i, vpn));
            pool[i] = vpn;
        }
        int n = 8 + r.nextInt(5);
        int[] addrs = new int[n];
        boolean[] stores = new boolean[n];
        for (int i = 0; i < n; i++) {
            int vpn = i >= 1 && r.nextInt(3) == 0 ? addrs[i - 1] >>> 12 : pool[r.nextInt(pool.length)];
            addrs[i] = vpn << 12 | r.nextInt(1024) * 4;
            stores[i] = r.nextInt(3) == 0;
        }
        Outcome out = run(size, software, addrs, stores);

        Problem p = new Problem("TLB hits and misses (" + size + " entries, " + (software ? "software" : "hardware")
                + " refill)", intro(size, software));
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seq.add(String.format("%2d  %-5s 0x%08x   (page 0x%x)", i + 1, stores[i] ? "store" : "load", addrs[i],
                    addrs[i] >>> 12));
        }
        p.given("The accesses, in program order", seq);
        List<Integer> misses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (out.missed[i]) misses.add(i + 1);
        }
        List<String> working = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            working.add(String.format("%2d page 0x%x -> slot %d: %s", i + 1, addrs[i] >>> 12, (addrs[i] >>> 12) % size,
                    out.missed[i] ? "miss" : out.recalled[i] ? "hit (back from the victim buffer)" : "hit"));
        }
        p.ask("Which of the accesses miss the TLB? (their numbers)", misses.isEmpty() ? "none"
                : PolicyExercise.joinList(misses), working);
        if (software) {
            p.ask("How many times does the kernel's TLB-miss handler run, the first fetch included?",
                    Integer.toString(out.handlerRuns));
        } else {
            p.ask("How many page-table walks does the MMU make, the first fetch included?",
                    Integer.toString(out.allMisses));
        }
        p.ask("Which page does each TLB slot hold at the end?", slots(out.slots));
        return p;
    }

    private static String intro(int size, boolean software) {
        return "The TLB has " + size + " entries and is direct-mapped: page v can only live in slot v mod " + size
                + ", and filling a slot pushes out whatever it held. Entries are tagged with the address space, and"
                + " nothing is flushed during the run. The program's code is page 0x10: its first instruction fetch"
                + " misses and fills slot " + (CODE_VPN % size) + ", which no data page below uses, and every later"
                + " fetch hits. Every data page is mapped, readable, writable and already dirty, and the TLB starts"
                + " empty. The loads are byte loads (lb), the stores word stores (sw): no access crosses a page,"
                + " and the one-entry micro-TLB that word loads (lw) keep in front of the TLB plays no part. "
                + (software ? "Software refill: a miss traps to the kernel, whose handler walks the"
                + " table, writes the entry (tlbwr) and returns to the instruction, which then hits. An entry pushed"
                + " out of its slot goes to a victim buffer of " + Tlb.VICTIMS + " entries (the oldest leaves first),"
                + " and a miss that finds its page there swaps it back into the slot without a trap: that counts as a hit."
                : "Hardware refill: on a miss the MMU walks the page table itself and fills the slot; the access then"
                + " completes.");
    }

    /** Runs the accesses on a fresh machine and reports what its TLB did. */
    static Outcome run(int size, boolean software, int[] addrs, boolean[] stores) {
        StringBuilder src = new StringBuilder("        .text\n_start:\n");
        for (int i = 0; i < addrs.length; i++) {
            src.append(String.format("        li    t0, 0x%08x%n", addrs[i]));
            src.append(String.format("acc%d:  %s    t1, 0(t0)%n", i, stores[i] ? "sw" : "lb"));
        }
        src.append("        brk\n");
        AsmResult asm = Assembler.assembleString("tlb.s", src.toString());
        if (!asm.ok()) throw new IllegalStateException("TlbExercise: " + asm.formatDiagnostics());
        Flx flx = asm.flx();
        PhysicalMemory mem = new PhysicalMemory(64);
        Tlb tlb = new Tlb(size, software);
        Cpu cpu = new Cpu(mem, tlb, software);
        // a new Cpu interprets: the exercise steps it one instruction at a time
        int[] next = {1};
        int root = next[0]++;
        Map<Integer, Integer> tables = new HashMap<>();
        for (Flx.Segment s : flx.segments()) {
            for (int off = 0; off < s.memsz(); off += PhysicalMemory.PAGE_SIZE) {
                int pfn = map(mem, root, tables, next, (s.vaddr() + off) >>> 12, Pte.X | Pte.R | Pte.U | Pte.A);
                int len = Math.max(0, Math.min(PhysicalMemory.PAGE_SIZE, s.filesz() - off));
                mem.write(pfn, 0, s.data(), off, len);
            }
        }
        for (int a : addrs) {
            if (Pte.isValid(cpu.mmu().entry(root, a >>> 12))) continue;
            map(mem, root, tables, next, a >>> 12, Pte.R | Pte.W | Pte.U | Pte.A | Pte.D);
        }
        Map<Integer, Integer> accessAt = new HashMap<>(); // pc of access instruction -> its index
        for (Flx.Symbol sym : flx.symbols()) {
            if (sym.name().matches("acc\\d+")) accessAt.put(sym.value(), Integer.parseInt(sym.name().substring(3)));
        }
        boolean[] missed = new boolean[addrs.length];
        int[] all = {0};
        int[] handler = {0};
        int[] current = {-1};
        cpu.setObserver(new MachineObserver() {
            public void tlbMiss(int va, int asid) {
                all[0]++;
                if (current[0] >= 0 && va >>> 12 != CODE_VPN) missed[current[0]] = true;
            }

            public void tlbRefill(int vpn, int asid) { }

            public void tlbFlush(int va, boolean everything) { }
        });
        cpu.setTrapHandler(c -> {
            TrapCause cause = TrapCause.of(c.csr(Csr.CAUSE));
            if (!cause.isTlbMiss()) {
                c.halt();
                return;
            }
            handler[0]++;
            int va = c.csr(Csr.TVAL);
            int leaf = c.mmu().translate(root, va, Access.ofCause(cause), true);
            if (leaf == 0) {
                c.halt();
                return;
            }
            c.tlbWrite(va >>> 12, leaf);
            c.sret();
        });
        cpu.setCsr(Csr.PTBR, root | ASID << Csr.PTBR_ASID_SHIFT | Csr.PTBR_ENABLE);
        cpu.setCsr(Csr.EPC, flx.entry());
        cpu.setCsr(Csr.STATUS, Csr.STATUS_M);
        cpu.sret();
        boolean[] recalled = new boolean[addrs.length];
        for (int step = 0; step < 1000 && !cpu.halted(); step++) {
            current[0] = accessAt.getOrDefault(cpu.pc(), -1);
            int[] held = current[0] < 0 ? null : tlb.entry(tlb.size() == 0 ? 0 : (addrs[current[0]] >>> 12) % size);
            cpu.run(cpu.instret() + 1);
            // A hit although the slot held another page before: the victim buffer gave it back.
            if (current[0] >= 0 && !missed[current[0]] && (held == null || held[0] != addrs[current[0]] >>> 12)) {
                recalled[current[0]] = true;
            }
        }
        List<int[]> slots = new ArrayList<>();
        for (int i = 0; i < size; i++) slots.add(tlb.entry(i));
        return new Outcome(missed, recalled, all[0], handler[0], slots);
    }

    private static int map(PhysicalMemory mem, int root, Map<Integer, Integer> tables, int[] next, int vpn, int flags) {
        int table = tables.computeIfAbsent(Pte.rootIndex(vpn), i -> {
            int t = next[0]++;
            mem.writePte(root, i, Pte.make(t, Pte.V));
            return t;
        });
        int pfn = next[0]++;
        mem.zeroFrame(pfn);
        mem.writePte(table, Pte.leafIndex(vpn), Pte.make(pfn, flags | Pte.V));
        return pfn;
    }

    private static String slots(List<int[]> slots) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < slots.size(); i++) {
            int[] e = slots.get(i);
            sb.append(i == 0 ? "" : ", ").append("slot ").append(i).append(": ")
                    .append(e == null ? "empty" : String.format("0x%x", e[0]));
        }
        return sb.toString();
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) return true;
        }
        return false;
    }
}
