package dev.faultline.machine;

/**
 * The hardware: physical memory, the TLB and the CPU (with its MMU). It is built first and handed to the
 * kernel at boot, as Nachos builds its {@code Machine}; the kernel never constructs hardware, so a test can
 * hand it a machine of its own.
 */
public record Machine(PhysicalMemory memory, Tlb tlb, Cpu cpu) {
    /** A machine of {@code frames} 4 KiB frames and a TLB of {@code tlbSize} entries, refilled by the MMU or by software. */
    public static Machine build(int frames, int tlbSize, boolean softwareRefill) {
        PhysicalMemory mem = new PhysicalMemory(frames);
        Tlb tlb = new Tlb(tlbSize, softwareRefill);
        return new Machine(mem, tlb, new Cpu(mem, tlb, softwareRefill));
    }
}
