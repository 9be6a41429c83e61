package dev.faultline.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.abi.Flx;
import dev.faultline.asm.AsmResult;
import dev.faultline.asm.Assembler;
import dev.faultline.isa.Csr;
import dev.faultline.trace.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layouts the contract fixes, pinned with its literal numbers, never with our constants: a swap entry
 * (docs/kernel.md: V=0, bit 1 = 1, slot in bits 10-31) read raw from the page tables of a process with more
 * than 256 pages in swap; the PTBR the kernel loads (docs/isa.md); the FLX header offsets (docs/flx.md).
 */
class ContractLayoutTest {
    private static final int PAGES = 320;

    /** A process that fills PAGES pages (page i holds i at offset 0) and then spins. */
    private static final String FILLER = """
                    .text
            _start: la    s0, pages
                    li    t0, 0
            fill:   shli  t1, t0, 12
                    add   t1, s0, t1
                    sw    t0, 0(t1)
                    addi  t0, t0, 1
                    li    t2, %d
                    blt   t0, t2, fill
            spin:   j     spin
                    .bss
                    .align 4096
            pages:  .space %d * 4096
            """.formatted(PAGES, PAGES);

    private static Flx assemble(String text) {
        AsmResult r = Assembler.assembleString("t.s", text);
        assertTrue(r.ok(), r.formatDiagnostics());
        return r.flx();
    }

    private static Kernel boot(Flx image, int frames) throws Exception {
        KernelConfig cfg = KernelConfig.defaults().withFrames(frames);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Kernel k = new Kernel(dev.faultline.machine.Machine.build(cfg.frames(), cfg.tlbSize(), cfg.softwareRefill()), cfg, Tracer.off(), new ByteArrayInputStream(new byte[0]), quiet, quiet);
        assertEquals(null, k.boot(image, "t.s"));
        return k;
    }

    @Test
    void aSwapEntryIsBitOneWithTheSlotInBitsTenToThirtyOneEvenPastSlot255() throws Exception {
        Flx image = assemble(FILLER);
        Kernel k = boot(image, 24);
        assertEquals(Kernel.Outcome.MAX_STEPS, k.run(200_000));
        Process p = k.parts().procs().get(1);
        int base = image.symbols().stream().filter(s -> s.name().equals("pages")).findFirst().orElseThrow().value();
        Set<Integer> slots = new HashSet<>();
        byte[] page = new byte[4096];
        int swapped = 0;
        for (int i = 0; i < PAGES; i++) {
            int pte = p.space.pte(k.parts().mem(), (base >>> 12) + i);
            if ((pte & 1) != 0) continue; // resident
            swapped++;
            assertEquals(2, pte & 0x3FF, String.format("page %d: V=0, bit 1 set, bits 2-9 clear: 0x%08x", i, pte));
            int slot = pte >>> 10;
            assertTrue(slots.add(slot), "one slot per page");
            k.parts().pager().swap.read(slot, page);
            assertEquals(i, ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getInt(0),
                    "slot " + slot + " (from bits 10-31) holds page " + i);
        }
        assertTrue(swapped > 256, "more than 256 live swap slots: " + swapped);
        assertTrue(slots.stream().anyMatch(s -> s > 255), "a slot number that needs more than 8 bits");
    }

    @Test
    void ptbrHoldsTheRootFrameTheAsidAndBit31() throws Exception {
        Kernel k = boot(assemble(FILLER), 64);
        k.run(10);
        AddressSpace as = k.parts().procs().get(1).space;
        int ptbr = k.cpu().csr(Csr.PTBR);
        assertEquals(0x8000_0000, ptbr & 0x8000_0000, "paging on: bit 31");
        assertEquals(as.rootPfn, ptbr & 0x3F_FFFF, "root frame: bits 0-21");
        assertEquals(as.asid, (ptbr >>> 22) & 0xFF, "ASID: bits 22-29");
        assertEquals(0, ptbr & 0x4000_0000, "bit 30 is not used");
    }

    @Test
    void theFlxHeaderHasTheFieldsAtTheContractsOffsets() {
        Flx image = assemble("""
                        .text
                _start: li    a0, 0
                        sys   exit
                        .data
                word:   .word 0x11223344
                """);
        ByteBuffer b = ByteBuffer.wrap(image.write()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(0, magic);
        assertArrayEquals("FLX1".getBytes(StandardCharsets.US_ASCII), magic, "offset 0: magic");
        assertEquals(image.entry(), b.getInt(4), "offset 4: entry");
        assertEquals(0x10000, b.getInt(4), "the entry is _start, the first byte of .text");
        int segments = b.getInt(8);
        assertEquals(2, segments, "offset 8: number of segments (.text and .data)");
        // offset 64: segment headers, 24 bytes each: vaddr, memsz, offset, filesz, flags (R=1 W=2 X=4), reserved
        assertEquals(0x10000, b.getInt(64), "text vaddr");
        assertEquals(1 | 4, b.getInt(64 + 16), "text flags R|X");
        int dataOffset = b.getInt(64 + 24 + 8);
        assertEquals(0, dataOffset & 0xFFF, "segment file offsets are page-aligned");
        assertEquals(1 | 2, b.getInt(64 + 24 + 16), "data flags R|W");
        assertEquals(0x11223344, b.getInt(dataOffset), "the data segment's bytes at its file offset");
        int symtab = b.getInt(12), nsyms = b.getInt(16), strtab = b.getInt(20), strsize = b.getInt(24);
        assertTrue(nsyms >= 2, "offset 16: number of symbols");
        boolean found = false;
        for (int i = 0; i < nsyms; i++) { // a symbol: name offset, value, section (12 bytes)
            int name = b.getInt(symtab + 12 * i);
            assertTrue(name < strsize);
            StringBuilder sb = new StringBuilder();
            for (int at = strtab + name; b.get(at) != 0; at++) sb.append((char) b.get(at));
            if (sb.toString().equals("_start")) found = b.getInt(symtab + 12 * i + 4) == 0x10000;
        }
        assertTrue(found, "_start = 0x10000 in the symbol table at offset 12");
    }
}
