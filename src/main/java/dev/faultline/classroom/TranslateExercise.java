package dev.faultline.classroom;

import dev.faultline.isa.Access;
import dev.faultline.machine.Mmu;
import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.Pte;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code exercise translate}: a physical memory holding a two-level page table in FL32's PTE format, the
 * PTBR and a list of user accesses. Each answer is what Faultline's {@link Mmu} does with that memory (it
 * walks and checks the permission); the explanation of a fault reads the raw entry with {@link Mmu#entry}
 * and tells a swap entry from a page never loaded, as the kernel does.
 */
final class TranslateExercise {
    private TranslateExercise() {}

    static final int FRAMES = 64;

    static Problem make(SplittableRandom r) {
        PhysicalMemory mem = new PhysicalMemory(FRAMES);
        List<Integer> free = new ArrayList<>();
        for (int f = 1; f < FRAMES; f++) free.add(f);
        int root = take(free, r);
        // Two second-level tables, for two different 4 MiB regions of user space.
        int[] regions = {1 + r.nextInt(200), 0};
        regions[1] = regions[0] + 1 + r.nextInt(200);
        Map<Integer, int[]> pages = new LinkedHashMap<>(); // vpn -> {kind}
        for (int region : regions) {
            int table = take(free, r);
            mem.writePte(root, region, Pte.make(table, Pte.V));
            int entries = 3 + r.nextInt(2);
            for (int i = 0; i < entries; i++) {
                int vpn = region << 10 | r.nextInt(1024);
                if (pages.containsKey(vpn)) continue;
                int pte = entry(r, free);
                mem.writePte(table, Pte.leafIndex(vpn), pte);
                pages.put(vpn, new int[] {pte});
            }
        }
        // Every problem has a page in swap and a page never loaded, which the student must tell apart.
        int swapVpn = unused(r, pages, regions[0]);
        mem.writePte(Pte.pfn(mem.readPte(root, regions[0])), Pte.leafIndex(swapVpn), Pte.swapEntry(1 + r.nextInt(500)));
        pages.put(swapVpn, new int[] {0});
        int zeroVpn = unused(r, pages, regions[1]);
        int swapAt = r.nextInt(6), zeroAt = (swapAt + 1 + r.nextInt(5)) % 6;
        List<Access> accesses = new ArrayList<>();
        List<Integer> addresses = new ArrayList<>();
        List<Integer> vpns = new ArrayList<>(pages.keySet());
        for (int i = 0; i < 6; i++) {
            int vpn;
            int pick = r.nextInt(10);
            if (i == swapAt) vpn = swapVpn;
            else if (i == zeroAt) vpn = zeroVpn;
            else if (pick == 0) vpn = (regions[1] + 1 + r.nextInt(100)) << 10 | r.nextInt(1024); // no table there
            else if (pick == 1) vpn = regions[r.nextInt(2)] << 10 | r.nextInt(1024); // most likely a zero entry
            else vpn = vpns.get(r.nextInt(vpns.size()));
            addresses.add(vpn << 12 | r.nextInt(PhysicalMemory.PAGE_SIZE));
            accesses.add(Access.values()[r.nextInt(3)]);
        }
        List<String> dump = dump(mem, root, regions);
        Mmu mmu = new Mmu(mem);
        Problem p = new Problem("Address translation", "FL32 translates a 32-bit virtual address in two levels:"
                + " VPN1 (bits 31-22) indexes the root table, VPN2 (bits 21-12) the second-level table, and the"
                + " offset (bits 11-0) is kept. A PTE holds the frame number in bits 31-10 and the flags V=1 R=2"
                + " W=4 X=8 U=16 A=32 D=64 (bit 8 marks copy-on-write); a root entry with V set and R, W, X clear"
                + " points to a table. An entry with V clear and bit 1 set is a swap entry: the page is in the"
                + " swap slot held in bits 31-10. Frame f starts at physical address f * 4096. Every access below"
                + " is made in user mode. For each, give the physical address, or the trap the MMU raises and"
                + " why (as the kernel will see it).");
        p.given("Registers", List.of(String.format("PTBR root frame = %d (0x%x); all other words of memory are 0",
                root, root)));
        p.given("Physical memory (the nonzero words of the frames that matter)", dump);
        for (int i = 0; i < addresses.size(); i++) {
            int va = addresses.get(i);
            Access access = accesses.get(i);
            List<String> working = walk(mem, mmu, root, va);
            int leaf = mmu.translate(root, va, access, true);
            String answer;
            if (leaf != 0) {
                answer = String.format("0x%08x", Pte.pfn(leaf) << 12 | va & PhysicalMemory.OFFSET_MASK);
                working.add(String.format("physical = frame %d * 4096 + offset 0x%03x", Pte.pfn(leaf),
                        va & PhysicalMemory.OFFSET_MASK));
            } else {
                answer = access.faultCause().traceName() + " (" + why(mem, mmu, root, va, access) + ")";
            }
            p.ask(String.format("%s at 0x%08x", access.traceName(), va), answer, working);
        }
        return p;
    }

    /** A page of region with no entry yet. */
    private static int unused(SplittableRandom r, Map<Integer, int[]> pages, int region) {
        int vpn;
        do {
            vpn = region << 10 | r.nextInt(1024);
        } while (pages.containsKey(vpn));
        return vpn;
    }

    private static int take(List<Integer> free, SplittableRandom r) {
        return free.remove(r.nextInt(free.size()));
    }

    /** A second-level entry: usually a present page with some permissions, sometimes a swap entry or 0. */
    private static int entry(SplittableRandom r, List<Integer> free) {
        int pick = r.nextInt(10);
        if (pick < 2) return Pte.swapEntry(1 + r.nextInt(500));
        if (pick == 2) return 0;
        int[] perms = {Pte.R, Pte.R | Pte.W, Pte.R | Pte.X, Pte.X, Pte.R | Pte.W | Pte.X};
        int flags = Pte.V | perms[r.nextInt(perms.length)] | (r.nextInt(6) == 0 ? 0 : Pte.U);
        if (r.nextBoolean()) flags |= Pte.A;
        if ((flags & Pte.W) != 0 && r.nextBoolean()) flags |= Pte.D;
        return Pte.make(take(free, r), flags);
    }

    /** Every nonzero word of the root table and the second-level tables, one line each. */
    private static List<String> dump(PhysicalMemory mem, int root, int[] regions) {
        List<String> lines = new ArrayList<>();
        List<Integer> frames = new ArrayList<>();
        frames.add(root);
        for (int region : regions) frames.add(Pte.pfn(mem.readPte(root, region)));
        for (int f : frames) {
            lines.add(String.format("frame %d (0x%08x):", f, f << 12));
            for (int i = 0; i < 1024; i++) {
                int w = mem.readPte(f, i);
                if (w != 0) lines.add(String.format("  0x%08x: 0x%08x", (f << 12) + 4 * i, w));
            }
        }
        return lines;
    }

    /** The walk, step by step, as the machine's tables hold it (before this access). */
    private static List<String> walk(PhysicalMemory mem, Mmu mmu, int root, int va) {
        int vpn = va >>> 12;
        List<String> w = new ArrayList<>();
        w.add(String.format("VPN1 = 0x%03x (%d), VPN2 = 0x%03x (%d), offset = 0x%03x", Pte.rootIndex(vpn),
                Pte.rootIndex(vpn), Pte.leafIndex(vpn), Pte.leafIndex(vpn), va & 0xFFF));
        int rootEntry = mem.readPte(root, Pte.rootIndex(vpn));
        w.add(String.format("root entry at 0x%08x = 0x%08x%s", (root << 12) + 4 * Pte.rootIndex(vpn), rootEntry,
                Pte.isPointer(rootEntry) ? " (points to frame " + Pte.pfn(rootEntry) + ")" : " (no table)"));
        if (!Pte.isPointer(rootEntry)) return w;
        int leaf = mmu.entry(root, vpn);
        w.add(String.format("leaf entry at 0x%08x = 0x%08x: %s", (Pte.pfn(rootEntry) << 12) + 4 * Pte.leafIndex(vpn),
                leaf, Pte.describe(leaf)));
        return w;
    }

    /** Why the MMU refused, in the kernel's terms. */
    private static String why(PhysicalMemory mem, Mmu mmu, int root, int va, Access access) {
        int vpn = va >>> 12;
        int leaf = mmu.entry(root, vpn);
        if (leaf == 0) {
            return Pte.isPointer(mem.readPte(root, Pte.rootIndex(vpn))) ? "entry 0: never loaded"
                    : "no second-level table: never mapped";
        }
        if (Pte.isSwap(leaf)) return "swap entry: the page is in swap slot " + Pte.swapSlot(leaf);
        if (!Pte.isValid(leaf)) return "not present";
        if (!Mmu.permits(leaf, access, false)) return "permission: the page is " + Pte.describe(leaf).split(" ")[0]
                + ", no " + access.traceName();
        return "permission: not a user page";
    }
}
