package dev.faultline.machine;

import dev.faultline.isa.Access;
import dev.faultline.isa.Csr;
import dev.faultline.isa.Op;
import dev.faultline.isa.TrapCause;
import java.lang.invoke.MethodHandles;

/**
 * The FL32 processor. Every instruction fetch, load and store is translated by the MMU (through the TLB),
 * and every trap is precise (docs/isa.md sections 5 and 6): when one is taken, the trapping instruction has had
 * no architectural effect, except the progress registers of {@code copy}.
 *
 * <p>The dispatch loop keeps pc and the retired count in locals, reads one predecoded long per instruction
 * from the current code frame, and switches on the opcode byte. A memory access probes the TLB with two
 * array reads; misses, faults, page-straddling accesses and traps leave the hot path through small methods
 * that report a trap with a status (a flag, and -1 for "no frame"), never an exception: unwinding a
 * preallocated exception through compiled frames was measured at about a microsecond a trap.
 */
public final class Cpu {
    /** Registers r0..r15, and r16: the sink that writes to r0 go to. r0 is never written. */
    private final int[] r = new int[17];
    private int pc;

    private int status = Csr.STATUS_M;
    private int tvec, epc, cause, tval, ptbr, scratch, timecmp;
    private long instret;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean halted;
    private boolean stopRequested;

    private final PhysicalMemory mem;
    private final byte[][] frames;
    private final long[][] decoded;
    private final Mmu mmu;
    private final Tlb tlb;
    private final int[] tlbKey;
    private final int[] tlbPte;
    private final int tlbMask;
    private final int tlbSize;
    private final boolean softwareRefill;
    private TrapHandler handler;
    private MachineObserver observer;

    // Derived from mode and PTBR; recomputed by modeChanged().
    private boolean paging;
    private int rootPfn;
    private int asid;
    private int asidTag = -1;
    private int needFetch, needLoad, needStore;

    // The code page the loop is fetching from: its vpn (-1 for none) and its predecoded instructions.
    private int fetchVpn = -1;
    private long[] fetchDecoded;
    private byte[] fetchFrame;
    private int fetchPfn;
    /** The load micro-TLB of a loop stopped by its limit, for the next loop to go on with; -1 when none. */
    private int carriedLoadVpn = -1;
    private byte[] carriedLoadFrame;

    /** The second tier (translated regions), or null when every instruction is interpreted. */
    private SecondTier tier2;
    /** The micro-TLB of the dispatch loop, handed to and from a translated region. */
    private int microVpn;
    private byte[] microFrame;

    private long tlbHits, tlbMisses;

    /** Hears every translated user access (exact LRU's stamps, the page-reference string), or null. */
    private AccessRecorder recorder;
    /** True when every access must reach {@link #translate}: a recorder listens. */
    private boolean tracking;
    /**
     * True when every data access must reach {@link #translate} and every translation is checked against
     * RAM: tracking, or a machine with devices (the bare machine, whose program writes the TLB itself).
     */
    private boolean checked;
    /** The tag the inlined fast paths compare with: asidTag, or -1 (never matches) when recording. */
    private int fastTag = -1;

    // The trap being raised by the instruction in flight: set by trap() and fault(), seen by the loop.
    private int pendingCause, pendingTval;
    private boolean trapped;

    public Cpu(PhysicalMemory mem, Tlb tlb, boolean softwareRefill) {
        this.mem = mem;
        this.frames = mem.frames;
        this.decoded = mem.decoded;
        this.mmu = new Mmu(mem);
        this.tlb = tlb;
        this.tlbKey = tlb.key;
        this.tlbPte = tlb.pte;
        this.tlbSize = tlb.size();
        this.tlbMask = Integer.bitCount(Math.max(tlbSize, 1)) == 1 ? Math.max(tlbSize, 1) - 1 : -1;
        this.softwareRefill = softwareRefill && tlbSize > 0;
        modeChanged();
    }

    /**
     * Adds a machine observer that hears every translated access (asid, vpn, pfn): the replacement policy's
     * references (exact LRU), the page-reference string of Belady's OPT. Accesses then leave the inlined fast
     * paths, so it costs speed.
     */
    public void addAccessRecorder(AccessRecorder more) {
        AccessRecorder before = recorder;
        recorder = before == null ? more : (asid, vpn, pfn) -> {
            before.access(asid, vpn, pfn);
            more.access(asid, vpn, pfn);
        };
        tracking = true;
        modeChanged();
    }

    private void track(int vpn, int pfn) {
        noteAccess(asid, vpn, pfn);
    }

    /** Records an access made outside the CPU (the kernel's own access to user memory). */
    public void noteAccess(int accessAsid, int vpn, int pfn) {
        if (recorder != null) recorder.access(accessAsid, vpn, pfn);
    }

    public void setTrapHandler(TrapHandler handler) {
        this.handler = handler;
    }

    /**
     * Chooses how instructions run: {@link Tier#INTERP} interprets all; {@link Tier#AUTO} translates hot code with
     * the second tier that {@code maker} makes (the command line passes {@code Tier2.MAKER}). A new CPU interprets.
     */
    public void setTier(Tier tier, SecondTier.Maker maker) {
        boolean on = tier == Tier.AUTO && !softwareRefill; // software refill: see docs/tier.md
        tier2 = on ? maker.make(MethodHandles.lookup(), mem, tlbMask, tlbSize) : null;
    }

    /** The second tier, or null (for tests). */
    SecondTier tier2() {
        return tier2;
    }

    public Tier tier() {
        return tier2 != null ? Tier.AUTO : Tier.INTERP;
    }

    public void setObserver(MachineObserver observer) {
        this.observer = observer;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public Mmu mmu() {
        return mmu;
    }

    public Tlb tlb() {
        return tlb;
    }

    public boolean softwareRefill() {
        return softwareRefill;
    }

    // ---------------------------------------------------------------- architectural state

    public int reg(int n) {
        return r[n];
    }

    public void setReg(int n, int value) {
        if (n != 0) r[n] = value;
    }

    public int pc() {
        return pc;
    }

    public void setPc(int pc) {
        this.pc = pc;
    }

    /** Retired instructions since reset (CYCLE is its low 32 bits). */
    public long instret() {
        return instret;
    }

    /** Counts a trapped instruction as retired: the kernel completed it (a {@code sys} whose call returned). */
    public void retire() {
        instret++;
    }

    public boolean halted() {
        return halted;
    }

    public void halt() {
        halted = true;
    }

    /** Makes {@link #run} return after the trap being handled now (a debugger's stop). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean userMode() {
        return (status & Csr.STATUS_M) == 0;
    }

    public long tlbHits() {
        return tlbHits;
    }

    public long tlbMisses() {
        return tlbMisses;
    }

    public int csr(Csr csr) {
        return switch (csr) {
            case STATUS -> status;
            case TVEC -> tvec;
            case EPC -> epc;
            case CAUSE -> cause;
            case TVAL -> tval;
            case PTBR -> ptbr;
            case SCRATCH -> scratch;
            case CYCLE -> (int) instret;
            case TIMECMP -> timecmp;
        };
    }

    /** Writes a CSR as kernel code does; CYCLE is read-only and ignores the write. */
    public void setCsr(Csr csr, int value) {
        switch (csr) {
            case STATUS -> {
                status = value & 15;
                modeChanged();
            }
            case TVEC -> tvec = value;
            case EPC -> epc = value;
            case CAUSE -> cause = value;
            case TVAL -> tval = value;
            case PTBR -> {
                ptbr = value;
                modeChanged();
            }
            case SCRATCH -> scratch = value;
            case CYCLE -> { }
            case TIMECMP -> {
                timecmp = value;
                int delta = value - (int) instret;
                timerDeadline = delta <= 0 ? instret : instret + delta;
            }
        }
    }

    /** Arms the timer to interrupt when the retired count reaches {@code deadline} (if STATUS.IE). */
    public void setTimer(long deadline) {
        timerDeadline = deadline;
        timecmp = (int) deadline;
    }

    /** {@code sret}: pc = EPC; M = PM; IE = PIE. */
    public void sret() {
        pc = epc;
        int pm = (status & Csr.STATUS_PM) != 0 ? Csr.STATUS_M : 0;
        int pie = (status & Csr.STATUS_PIE) != 0 ? Csr.STATUS_IE : 0;
        status = (status & ~(Csr.STATUS_M | Csr.STATUS_IE)) | pm | pie;
        modeChanged();
        if (observer != null) observer.trapReturn(pc);
    }

    private void modeChanged() {
        boolean user = userMode();
        paging = (ptbr & Csr.PTBR_ENABLE) != 0;
        rootPfn = ptbr & Csr.PTBR_ROOT_MASK;
        asid = (ptbr >>> Csr.PTBR_ASID_SHIFT) & Csr.PTBR_ASID_MASK;
        asidTag = paging && tlbSize > 0 ? Tlb.KEY_VALID | asid << 20 : -1;
        checked = tracking || mem.console() != null;
        fastTag = checked ? -1 : asidTag;
        int u = user ? Pte.U : 0;
        needFetch = Pte.V | Pte.X | u;
        needLoad = Pte.V | Pte.R | u;
        needStore = Pte.V | Pte.W | Pte.D | u;
        fetchVpn = -1;
        carriedLoadVpn = -1;
    }

    // ---------------------------------------------------------------- TLB operations (tlbflush, tlbwr)

    /** {@code tlbflush}: drops the entry for va, or every entry when {@code all}. */
    public void tlbFlush(int va, boolean all) {
        if (all) tlb.flushAll();
        else tlb.flushPage(va >>> PhysicalMemory.PAGE_SHIFT);
        fetchVpn = -1;
        carriedLoadVpn = -1;
        if (observer != null) observer.tlbFlush(va, all);
    }

    /** Drops one page's entry in one address space (the kernel after changing a PTE). */
    public void tlbFlushPage(int vpn, int asid) {
        tlb.flushPage(vpn, asid);
        fetchVpn = -1;
        carriedLoadVpn = -1;
        if (observer != null) observer.tlbFlush(vpn << PhysicalMemory.PAGE_SHIFT, false);
    }

    /** {@code tlbwr}: writes an entry for vpn in the current address space with the given PTE. */
    public void tlbWrite(int vpn, int pte) {
        if (tlbSize == 0) return;
        tlb.fill(vpn & 0xFFFFF, asid, vpn >= 0x80000 ? pte & ~Pte.U : pte);
        fetchVpn = -1;
        carriedLoadVpn = -1;
        if (observer != null) observer.tlbRefill(vpn & 0xFFFFF, asid);
    }

    // ---------------------------------------------------------------- the dispatch loop

    /**
     * Runs until the machine halts or {@code stopAt} instructions have retired. Traps are taken as they
     * happen: the trap handler runs inside this call.
     */
    public void run(long stopAt) {
        stopRequested = false;
        // The code page stays across runs, as it does across instructions: where a run stops must not
        // change what the machine does (a debugger's steps, a replay). Only a write to the page since
        // (which drops its decoded instructions) forces a fetch through the TLB again.
        if (fetchVpn != -1 && decoded[fetchPfn] != fetchDecoded) fetchVpn = -1;
        while (!halted && instret < stopAt && !stopRequested) {
            if (instret >= timerDeadline && (status & Csr.STATUS_IE) != 0) {
                takeTrap(TrapCause.TIMER.code(), 0, pc);
                continue;
            }
            trapped = false;
            loop(stopAt);
            if (trapped) {
                trapped = false;
                takeTrap(pendingCause, pendingTval, pc);
            }
        }
    }

    private void loop(long stopAt) {
        final int[] r = this.r;
        int pc = this.pc;
        long n = this.instret;
        long limit = (status & Csr.STATUS_IE) != 0 ? Math.min(stopAt, timerDeadline) : stopAt;
        long hits = 0; // TLB hits of the inlined paths, kept in a register
        final boolean translating = paging; // with paging off (the bare machine at boot) nothing hits a TLB
        // The code page in locals; reloaded after whatever may change it (a fetch miss, a store, a slow load,
        // a TLB op), so that it never differs from the field when the loop stops.
        int fVpn = fetchVpn;
        long[] fDec = fetchDecoded;
        // TLB probe state: fixed while the loop runs (a mode or PTBR change returns from it).
        final int[] tKey = tlbKey, tPte = tlbPte;
        final byte[][] mem = frames;
        final int tMask = tlbMask, fTag = fastTag, nLoad = needLoad, nStore = needStore;
        // The page the last inlined load hit: a one-entry micro-TLB in front of the TLB, as real CPUs keep.
        // It holds only what the TLB granted, and the loop is left whenever a PTE or the TLB may change.
        int lVpn = carriedLoadVpn;
        byte[] lFrame = carriedLoadFrame;
        carriedLoadVpn = -1;
        boolean atLimit = false;
        final SecondTier t2 = tier2;
        execute:
        while (true) {
            if (n >= limit) {
                atLimit = true;
                break;
            }
            enter: {
                long e;
                if ((pc >>> 12) == fVpn) {
                    e = fDec[pc & 0xFFF]; // 0: not decoded yet, dispatched to case 0 below
                    hits++;
                } else {
                    this.instret = n; // exact for the observer
                    e = fetchSlow(pc);
                    if (trapped) break;
                    fVpn = fetchVpn;
                    fDec = fetchDecoded;
                }
                int a, b, va;
                switch ((int) e & 0xFF) {
                    case Op.NOP -> pc += 1;
                    case Op.RET -> { // t = M32[sp]; sp += 4; pc = t
                        this.instret = n; // exact for the observer
                        int t = loadWord(r[15]);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[15] += 4;
                        pc = t;
                    }
                    case Op.BRK -> {
                        trap(TrapCause.BREAKPOINT, 0, pc);
                        break execute;
                    }
                    case Op.HALT -> {
                        if (kernelOnly(pc)) {
                            halted = true;
                            pc += 1;
                            n++;
                        }
                        break execute;
                    }
                    case Op.SRET -> {
                        if (kernelOnly(pc)) {
                            this.instret = ++n; // retired before sret's observer hears it
                            sret();
                            pc = this.pc;
                        }
                        break execute;
                    }
                    case Op.WFI -> { // the only interrupt is the timer, which time (retired instructions) drives
                        if (!kernelOnly(pc)) break execute;
                        pc += 1;
                    }
                    case Op.MOV -> {
                        r[Decoder.dw(e)] = r[Decoder.a(e)];
                        pc += 2;
                    }
                    case Op.PUSH -> { // a = sp-4; M32[a] = s; sp = a
                        int addr = r[15] - 4;
                        this.instret = n; // exact for the observer
                        storeWord(addr, r[Decoder.a(e)]);
                        if (trapped) break execute;
                        r[15] = addr;
                        fVpn = fetchVpn;
                        pc += 2;
                    }
                    case Op.POP -> { // t = M32[sp]; sp += 4; d = t
                        this.instret = n; // exact for the observer
                        int t = loadWord(r[15]);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[15] += 4;
                        r[Decoder.dw(e)] = t;
                        pc += 2;
                    }
                    case Op.JR -> pc = r[Decoder.a(e)];
                    case Op.CALLR -> { // t = s; a = sp-4; M32[a] = pc+2; sp = a; pc = t
                        int t = r[Decoder.a(e)];
                        int addr = r[15] - 4;
                        this.instret = n; // exact for the observer
                        storeWord(addr, pc + 2);
                        if (trapped) break execute;
                        r[15] = addr;
                        fVpn = fetchVpn;
                        pc = t;
                    }
                    case Op.XCHG -> { // t = M32[s]; M32[s] = d; d = t, translated for store
                        this.instret = n; // exact for the observer
                        int t = exchangeWord(r[Decoder.a(e)], r[Decoder.d(e)]);
                        if (trapped) break execute;
                        r[Decoder.dw(e)] = t;
                        fVpn = fetchVpn;
                        pc += 2;
                    }
                    case Op.ADD -> { r[Decoder.dw(e)] = r[Decoder.a(e)] + r[Decoder.b(e)]; pc += 3; }
                    case Op.SUB -> { r[Decoder.dw(e)] = r[Decoder.a(e)] - r[Decoder.b(e)]; pc += 3; }
                    case Op.MUL -> { r[Decoder.dw(e)] = r[Decoder.a(e)] * r[Decoder.b(e)]; pc += 3; }
                    case Op.DIV, Op.DIVU, Op.REM, Op.REMU -> {
                        b = r[Decoder.b(e)];
                        if (b == 0) {
                            trap(TrapCause.DIVIDE, 0, pc);
                            break execute;
                        }
                        a = r[Decoder.a(e)];
                        r[Decoder.dw(e)] = switch ((int) e & 0xFF) {
                            case Op.DIV -> a / b; // Java: MIN_VALUE / -1 == MIN_VALUE
                            case Op.DIVU -> Integer.divideUnsigned(a, b);
                            case Op.REM -> a % b; // sign of a; MIN_VALUE % -1 == 0
                            default -> Integer.remainderUnsigned(a, b);
                        };
                        pc += 3;
                    }
                    case Op.AND -> { r[Decoder.dw(e)] = r[Decoder.a(e)] & r[Decoder.b(e)]; pc += 3; }
                    case Op.OR -> { r[Decoder.dw(e)] = r[Decoder.a(e)] | r[Decoder.b(e)]; pc += 3; }
                    case Op.XOR -> { r[Decoder.dw(e)] = r[Decoder.a(e)] ^ r[Decoder.b(e)]; pc += 3; }
                    case Op.SHL -> { r[Decoder.dw(e)] = r[Decoder.a(e)] << r[Decoder.b(e)]; pc += 3; }
                    case Op.SHR -> { r[Decoder.dw(e)] = r[Decoder.a(e)] >>> r[Decoder.b(e)]; pc += 3; }
                    case Op.SAR -> { r[Decoder.dw(e)] = r[Decoder.a(e)] >> r[Decoder.b(e)]; pc += 3; }
                    case Op.SLT -> { r[Decoder.dw(e)] = r[Decoder.a(e)] < r[Decoder.b(e)] ? 1 : 0; pc += 3; }
                    case Op.SLTU -> {
                        r[Decoder.dw(e)] = Integer.compareUnsigned(r[Decoder.a(e)], r[Decoder.b(e)]) < 0 ? 1 : 0;
                        pc += 3;
                    }
                    case Op.COPY -> {
                        this.instret = n; // exact for the observer
                        copy(Decoder.d(e), Decoder.a(e), Decoder.b(e));
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        pc += 3;
                    }
                    case Op.LI -> { r[Decoder.dw(e)] = Decoder.imm(e); pc += 6; }
                    case Op.ADDI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] + Decoder.imm(e); pc += 6; }
                    case Op.ANDI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] & Decoder.imm(e); pc += 6; }
                    case Op.ORI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] | Decoder.imm(e); pc += 6; }
                    case Op.XORI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] ^ Decoder.imm(e); pc += 6; }
                    case Op.SHLI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] << Decoder.imm(e); pc += 6; }
                    case Op.SHRI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] >>> Decoder.imm(e); pc += 6; }
                    case Op.SARI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] >> Decoder.imm(e); pc += 6; }
                    case Op.SLTI -> { r[Decoder.dw(e)] = r[Decoder.a(e)] < Decoder.imm(e) ? 1 : 0; pc += 6; }
                    case Op.SLTIU -> {
                        r[Decoder.dw(e)] = Integer.compareUnsigned(r[Decoder.a(e)], Decoder.imm(e)) < 0 ? 1 : 0;
                        pc += 6;
                    }
                    case Op.LW -> {
                        va = r[Decoder.a(e)] + Decoder.imm(e);
                        int vpn = va >>> 12;
                        if (vpn == lVpn && (va & 0xFFF) <= 0xFFC) { // the page the last load hit
                            hits++;
                            r[Decoder.dw(e)] = LittleEndian.getInt(lFrame, va & 0xFFF);
                            pc += 6;
                            n++;
                            continue;
                        }
                        int i = tMask >= 0 ? vpn & tMask : vpn % tlbSize;
                        int p = tPte[i];
                        if (tKey[i] == (fTag | vpn) && (p & nLoad) == nLoad && (va & 0xFFF) <= 0xFFC) {
                            hits++;
                            lVpn = vpn;
                            lFrame = mem[p >>> 10];
                            r[Decoder.dw(e)] = LittleEndian.getInt(lFrame, va & 0xFFF);
                        } else {
                            this.instret = n; // exact for the observer
                            int v = loadSlow(va, 4);
                            if (trapped) break execute;
                            fVpn = fetchVpn;
                            r[Decoder.dw(e)] = v;
                        }
                        pc += 6;
                    }
                    case Op.LH -> {
                        this.instret = n; // exact for the observer
                        int v = loadSlow(r[Decoder.a(e)] + Decoder.imm(e), 2);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[Decoder.dw(e)] = (short) v;
                        pc += 6;
                    }
                    case Op.LHU -> {
                        this.instret = n; // exact for the observer
                        int v = loadSlow(r[Decoder.a(e)] + Decoder.imm(e), 2);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[Decoder.dw(e)] = v & 0xFFFF;
                        pc += 6;
                    }
                    case Op.LB -> {
                        this.instret = n; // exact for the observer
                        int v = loadSlow(r[Decoder.a(e)] + Decoder.imm(e), 1);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[Decoder.dw(e)] = (byte) v;
                        pc += 6;
                    }
                    case Op.LBU -> {
                        this.instret = n; // exact for the observer
                        int v = loadSlow(r[Decoder.a(e)] + Decoder.imm(e), 1);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        r[Decoder.dw(e)] = v & 0xFF;
                        pc += 6;
                    }
                    case Op.SW -> {
                        va = r[Decoder.a(e)] + Decoder.imm(e);
                        int vpn = va >>> 12;
                        int i = tMask >= 0 ? vpn & tMask : vpn % tlbSize;
                        int p = tPte[i];
                        if (tKey[i] == (fTag | vpn) && (p & nStore) == nStore && (va & 0xFFF) <= 0xFFC) {
                            hits++;
                            int pfn = p >>> 10;
                            LittleEndian.setInt(mem[pfn], va & 0xFFF, r[Decoder.d(e)]);
                            if (decoded[pfn] != null) codeWritten(pfn);
                        } else {
                            this.instret = n; // exact for the observer
                            storeSlow(va, r[Decoder.d(e)], 4);
                            if (trapped) break execute;
                        }
                        fVpn = fetchVpn;
                        pc += 6;
                    }
                    case Op.SH -> {
                        this.instret = n; // exact for the observer
                        storeSlow(r[Decoder.a(e)] + Decoder.imm(e), r[Decoder.d(e)], 2);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        pc += 6;
                    }
                    case Op.SB -> {
                        this.instret = n; // exact for the observer
                        storeSlow(r[Decoder.a(e)] + Decoder.imm(e), r[Decoder.d(e)], 1);
                        if (trapped) break execute;
                        fVpn = fetchVpn;
                        pc += 6;
                    }
                    case Op.BEQ -> {
                        if (r[Decoder.a(e)] == r[Decoder.b(e)]) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.BNE -> {
                        if (r[Decoder.a(e)] != r[Decoder.b(e)]) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.BLT -> {
                        if (r[Decoder.a(e)] < r[Decoder.b(e)]) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.BGE -> {
                        if (r[Decoder.a(e)] >= r[Decoder.b(e)]) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.BLTU -> {
                        if (Integer.compareUnsigned(r[Decoder.a(e)], r[Decoder.b(e)]) < 0) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.BGEU -> {
                        if (Integer.compareUnsigned(r[Decoder.a(e)], r[Decoder.b(e)]) >= 0) {
                            pc += Decoder.imm(e);
                            if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                        } else {
                            pc += 6;
                        }
                    }
                    case Op.JMP -> {
                        pc += Decoder.imm(e);
                        if (t2 != null && (pc >>> 12) == fVpn && t2.hot(pc)) break enter;
                    }
                    case Op.CALL -> { // a = sp-4; M32[a] = pc+5; sp = a; pc = this + rel
                        int addr = r[15] - 4;
                        this.instret = n; // exact for the observer
                        storeWord(addr, pc + 5);
                        if (trapped) break execute;
                        r[15] = addr;
                        fVpn = fetchVpn;
                        pc += Decoder.imm(e);
                    }
                    case Op.SYS -> {
                        trap(TrapCause.SYSCALL, Decoder.imm(e), pc);
                        break execute;
                    }
                    case Op.CSRR -> {
                        if (!kernelOnly(pc)) break execute;
                        Csr c = csrOrIllegal(Decoder.imm(e), false, pc);
                        if (c == null) break execute;
                        this.instret = n;
                        r[Decoder.dw(e)] = csr(c);
                        pc += 6;
                    }
                    case Op.CSRW -> {
                        if (kernelOnly(pc)) {
                            Csr c = csrOrIllegal(Decoder.imm(e), true, pc);
                            if (c == null) break execute;
                            pc += 6;
                            this.instret = ++n;
                            setCsr(c, r[Decoder.a(e)]);
                        }
                        break execute; // mode, paging or the timer may have changed: re-enter the loop
                    }
                    case Op.TLBFLUSH -> {
                        if (!kernelOnly(pc)) break execute;
                        int s = Decoder.a(e);
                        tlbFlush(r[s], s == 0);
                        fVpn = fetchVpn;
                        lVpn = -1;
                        pc += 2;
                    }
                    case Op.TLBWR -> {
                        if (!kernelOnly(pc)) break execute;
                        tlbWrite(r[Decoder.d(e)], r[Decoder.a(e)]);
                        fVpn = fetchVpn;
                        lVpn = -1;
                        pc += 2;
                    }
                    case 0 -> {
                        if (e != 0) { // decoded: an illegal instruction
                            trap(TrapCause.ILLEGAL, 0, pc);
                            break execute;
                        }
                        decodeInPage(pc); // first time here: decode, then dispatch it from the cache
                        fVpn = fetchVpn;
                        hits--;
                        continue;
                    }
                    default -> {
                        trap(TrapCause.ILLEGAL, 0, pc);
                        break execute;
                    }
                }
                n++;
                continue;
            }
            // A taken branch to a hot target in the code page: run its translated region, if it has one.
            n++;
            SecondTier.Translated region = t2.region(pc, fetchPfn, fDec);
            if (region == null) continue;
            this.pc = pc;
            if (translating) tlbHits += hits;
            hits = 0;
            microVpn = lVpn;
            microFrame = lFrame;
            region.run(this, n, limit);
            region.ran(this.instret - n);
            pc = this.pc;
            n = this.instret;
            lVpn = microVpn;
            lFrame = microFrame;
            fVpn = fetchVpn;
            fDec = fetchDecoded;
            if (trapped) break;
        }
        // Stopped by the limit: the next run goes on with the load page this one held, as an uninterrupted run
        // would; the code page is the field itself, which the loop reloads after every slow path, so the two
        // never differ here. Anything that may change a translation drops them (modeChanged, the TLB operations).
        if (atLimit) {
            carriedLoadVpn = lVpn;
            carriedLoadFrame = lFrame;
        }
        this.instret = n;
        this.pc = pc;
        if (translating) tlbHits += hits;
    }

    /** True in kernel mode; in user mode raises ILLEGAL and returns false. */
    private boolean kernelOnly(int pc) {
        if (!userMode()) return true;
        trap(TrapCause.ILLEGAL, 0, pc);
        return false;
    }

    private Csr csrOrIllegal(int number, boolean write, int pc) {
        Csr c = Csr.byNumber(number);
        if (c == null || (write && c == Csr.CYCLE)) {
            trap(TrapCause.ILLEGAL, 0, pc);
            return null;
        }
        return c;
    }

    /** Records the trap the instruction at pc raises; the loop sees {@link #trapped} and returns to run(). */
    private void trap(TrapCause c, int value, int pc) {
        pendingCause = c.code();
        pendingTval = value;
        this.pc = pc;
        trapped = true;
    }

    /** Records a page fault at va; returns -1, the "no frame" of {@link #translate}. */
    private int fault(Access access, int va) {
        pendingCause = access.faultCause().code();
        pendingTval = va;
        trapped = true;
        return -1;
    }

    /** Trap entry (docs/isa.md section 5), then the handler. */
    private void takeTrap(int trapCause, int trapValue, int trapPc) {
        epc = trapPc;
        cause = trapCause;
        tval = trapValue;
        int pm = (status & Csr.STATUS_M) != 0 ? Csr.STATUS_PM : 0;
        int pie = (status & Csr.STATUS_IE) != 0 ? Csr.STATUS_PIE : 0;
        status = Csr.STATUS_M | pm | pie;
        pc = tvec;
        modeChanged();
        if (observer != null) observer.trapTaken(trapCause, trapPc, trapValue);
        if (handler != null) handler.onTrap(this);
    }

    // ---------------------------------------------------------------- fetch

    /** Fetches at pc through the MMU when pc left the current code page; predecodes when it can. */
    private long fetchSlow(int pc) {
        int pfn = translate(pc, Access.FETCH);
        if (pfn < 0) return pfn == DEVICE ? fetchFromDevice(pc) : 0;
        int off = pc & 0xFFF;
        byte[] frame = mem.frame(pfn);
        int len = Decoder.lengthOf(frame[off]);
        if (off + len <= PhysicalMemory.PAGE_SIZE) {
            long[] dec = decoded[pfn];
            if (dec == null) {
                dec = new long[PhysicalMemory.PAGE_SIZE];
                decoded[pfn] = dec;
            }
            long e = dec[off];
            if (e == 0) {
                e = Decoder.decode(frame, off, len);
                dec[off] = e;
            }
            // Without a TLB every fetch walks the table: keep no code page between instructions.
            if ((tlbSize > 0 || !paging) && !tracking) {
                fetchDecoded = dec;
                fetchFrame = frame;
                fetchPfn = pfn;
                fetchVpn = pc >>> 12;
            }
            return e;
        }
        // The instruction straddles two pages: translate the second for execute before decoding.
        int pfn2 = translate((pc | 0xFFF) + 1, Access.FETCH);
        if (pfn2 < 0 && pfn2 != DEVICE) return 0;
        byte[] bytes = new byte[len];
        int first = PhysicalMemory.PAGE_SIZE - off;
        System.arraycopy(frame, off, bytes, 0, first);
        if (pfn2 != DEVICE) System.arraycopy(mem.frame(pfn2), 0, bytes, first, len - first); // the device reads zeros
        return Decoder.decode(bytes, 0, len);
    }

    /** Decodes the instruction at pc into the current code page's cache; 0 (and no code page) when it straddles. */
    private long decodeInPage(int pc) {
        int off = pc & 0xFFF;
        int len = Decoder.lengthOf(fetchFrame[off]);
        if (off + len > PhysicalMemory.PAGE_SIZE) {
            fetchVpn = -1; // straddles into the next page: fetched through the slow path every time
            return 0;
        }
        long e = Decoder.decode(fetchFrame, off, len);
        fetchDecoded[off] = e;
        return e;
    }

    /** A store hit a frame with cached decoded instructions: drop them (self-modifying code). */
    private void codeWritten(int pfn) {
        decoded[pfn] = null;
        fetchVpn = -1;
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates va for one access and returns its frame number, or raises the trap: a page fault
     * (TVAL = va), or with software refill a TLB miss. Counts the TLB hit or miss.
     */
    private int translate(int va, Access access) {
        if (!paging) {
            int pfn = va >>> 12;
            if (pfn >= mem.frameCount() || va < 0 && userMode()) return outsideRam(access, va, pfn);
            mem.frame(pfn); // host memory on first touch
            return pfn;
        }
        boolean user = userMode();
        if (user && va < 0) {
            tlbMisses++;
            return fault(access, va);
        }
        int vpn = va >>> 12;
        if (tlbSize > 0) {
            int i = tlb.index(vpn);
            if (tlbKey[i] == (asidTag | vpn)) {
                int p = tlbPte[i];
                if (Mmu.permits(p, access, user)) {
                    if (access != Access.STORE || (p & Pte.D) != 0) {
                        tlbHits++;
                        if (checked) return checkedFrame(access, va, Pte.pfn(p));
                        return Pte.pfn(p);
                    }
                    // A store through an entry whose D is clear: the PTE must be marked dirty.
                } else {
                    tlbHits++;
                    return fault(access, va);
                }
            }
            if (softwareRefill) {
                int p = tlb.recallVictim(vpn, asid);
                if (p != 0) {
                    fetchVpn = -1;
                    if (!Mmu.permits(p, access, user)) {
                        tlbHits++;
                        return fault(access, va); // like a hit in the TLB proper
                    }
                    if (access != Access.STORE || (p & Pte.D) != 0) {
                        tlbHits++;
                        if (checked) return checkedFrame(access, va, Pte.pfn(p));
                        return Pte.pfn(p);
                    }
                }
            }
            tlbMisses++;
            if (observer != null) observer.tlbMiss(va, asid);
            if (softwareRefill) {
                pendingCause = access.tlbMissCause().code();
                pendingTval = va;
                trapped = true;
                return -1;
            }
        } else {
            tlbMisses++;
        }
        int leaf = mmu.translate(rootPfn, va, access, user);
        if (leaf == 0) return fault(access, va);
        if (tlbSize > 0) {
            tlb.fill(vpn, asid, vpn >= 0x80000 ? leaf & ~Pte.U : leaf);
            if (observer != null) observer.tlbRefill(vpn, asid);
        }
        if (checked) return checkedFrame(access, va, Pte.pfn(leaf));
        mem.frame(Pte.pfn(leaf));
        return Pte.pfn(leaf);
    }

    /**
     * Translates the second page of an access that straddles a page boundary, after the first, so that a
     * fault on the second page leaves the first untouched (its A and D bits included): a fault on the first
     * page is raised first; then, if the second would fault, its fault is raised before anything is set.
     */
    private int translatePair(int va, Access access, int[] first) {
        int va2 = (va | 0xFFF) + 1;
        // Lowest address first (docs/isa.md, precise traps): the upper page may trap first only when the lower page would
        // not trap at all, neither a fault nor, with software refill, a TLB miss.
        if (wouldFault(va2, access) && !wouldTrap(va, access) && translateRam(va2, access) < 0) return -1;
        first[0] = translateRam(va, access);
        if (first[0] < 0) return -1;
        return translateRam(va2, access);
    }

    /**
     * Whether an access at va would trap: fault, or with software refill miss the TLB (its victim buffer
     * included, and a store through an entry whose D is clear), found without side effects.
     */
    private boolean wouldTrap(int va, Access access) {
        if (wouldFault(va, access)) return true;
        if (!softwareRefill || !paging || (userMode() && va < 0)) return false;
        int vpn = va >>> 12;
        int p = tlb.lookup(vpn, asid);
        if (p == 0) p = tlb.peekVictim(vpn, asid);
        return p == 0 || !Mmu.permits(p, access, userMode()) || (access == Access.STORE && (p & Pte.D) == 0);
    }

    /** Whether an access at va would fault, found without side effects (no A or D bit, no TLB fill). */
    private boolean wouldFault(int va, Access access) {
        if (!paging) return (va >>> 12) >= mem.frameCount() || va < 0 && userMode(); // the device too: see translateRam
        boolean user = userMode();
        if (user && va < 0) return true;
        int vpn = va >>> 12;
        if (tlbSize > 0) {
            int i = tlb.index(vpn);
            if (tlbKey[i] == (asidTag | vpn)) {
                return !Mmu.permits(tlbPte[i], access, user) || Pte.pfn(tlbPte[i]) >= mem.frameCount();
            }
            if (softwareRefill) return false; // the miss traps first, with no side effect
        }
        int leaf = mmu.walk(rootPfn, vpn);
        return leaf == 0 || !Mmu.permits(leaf, access, user);
    }

    private final int[] firstPage = new int[1];

    /** What {@link #translate} returns for the console device's page: the access goes to the device. */
    private static final int DEVICE = -2;

    /** A translation to pfn on a checked machine: RAM (stamped and recorded), the device, or a fault. */
    private int checkedFrame(Access access, int va, int pfn) {
        if (pfn >= mem.frameCount()) return outsideRam(access, va, pfn);
        mem.frame(pfn);
        if (tracking) track(va >>> 12, pfn);
        return pfn;
    }

    /** A physical frame number past RAM: the console's page, or a fault (TVAL = va). */
    private int outsideRam(Access access, int va, int pfn) {
        return mem.isDevice(pfn) && (va >= 0 || !userMode()) ? DEVICE : fault(access, va);
    }

    /** A fetch from the device reads zeros: opcode 0, ILLEGAL. */
    private long fetchFromDevice(int pc) {
        trap(TrapCause.ILLEGAL, 0, pc);
        return 0;
    }

    /** A page of an access that straddles two pages: the device takes only accesses inside its page. */
    private int translateRam(int va, Access access) {
        int pfn = translate(va, access);
        return pfn == DEVICE ? fault(access, va) : pfn;
    }

    // ---------------------------------------------------------------- loads and stores

    private int loadWord(int va) {
        int vpn = va >>> 12;
        int i = tlbMask >= 0 ? vpn & tlbMask : vpn % tlbSize;
        int p = tlbPte[i];
        if (tlbKey[i] == (fastTag | vpn) && (p & needLoad) == needLoad && (va & 0xFFF) <= 0xFFC) {
            tlbHits++;
            return LittleEndian.getInt(frames[p >>> 10], va & 0xFFF);
        }
        return loadSlow(va, 4);
    }

    private void storeWord(int va, int value) {
        int vpn = va >>> 12;
        int i = tlbMask >= 0 ? vpn & tlbMask : vpn % tlbSize;
        int p = tlbPte[i];
        if (tlbKey[i] == (fastTag | vpn) && (p & needStore) == needStore && (va & 0xFFF) <= 0xFFC) {
            tlbHits++;
            int pfn = p >>> 10;
            LittleEndian.setInt(frames[pfn], va & 0xFFF, value);
            if (decoded[pfn] != null) codeWritten(pfn);
            return;
        }
        storeSlow(va, value, 4);
    }


    /**
     * A word load of the second tier that missed its fast paths: {@link #plainMiss} when it can, else
     * {@link #loadSlow}. (The interpreter calls loadSlow directly: measured, the short path did not help it.)
     */
    int loadMiss(int va) {
        int pfn = (va & 0xFFF) <= 0xFFC ? plainMiss(va, false) : -1;
        return pfn >= 0 ? LittleEndian.getInt(frames[pfn], va & 0xFFF) : loadSlow(va, 4);
    }

    /** A word store of the second tier that missed its fast paths: {@link #plainMiss} when it can, else {@link #storeSlow}. */
    void storeMiss(int va, int value) {
        int pfn = (va & 0xFFF) <= 0xFFC ? plainMiss(va, true) : -1;
        if (pfn < 0) {
            storeSlow(va, value, 4);
            return;
        }
        LittleEndian.setInt(frames[pfn], va & 0xFFF, value);
        if (decoded[pfn] != null) codeWritten(pfn);
    }

    /**
     * The common TLB miss, in few steps: hardware refill, nobody listening or checking, a walk that finds both
     * tables and the frame in host memory, and a leaf that allows the access and already has A (and D for a
     * store), so nothing in memory changes. Then it does exactly what {@link #translate} would (counts the miss,
     * fills the TLB) and returns the frame; otherwise it changes nothing and returns -1, and translate runs.
     * Short, so that the host can overlap one miss's memory accesses with the next one's (a stride loop).
     */
    private int plainMiss(int va, boolean store) {
        if (!paging || tlbSize == 0 || softwareRefill || checked || observer != null) return -1;
        boolean user = userMode();
        if (user && va < 0) return -1;
        int vpn = va >>> 12;
        if (tlbKey[tlb.index(vpn)] == (asidTag | vpn)) return -1; // a hit without the rights, or a store without D
        int count = mem.frameCount();
        if (rootPfn < 0 || rootPfn >= count) return -1;
        byte[] rootTable = frames[rootPfn];
        if (rootTable == null) return -1;
        int root = LittleEndian.getInt(rootTable, Pte.rootIndex(vpn) << 2);
        if (!Pte.isPointer(root) || Pte.pfn(root) >= count) return -1;
        byte[] table = frames[Pte.pfn(root)];
        if (table == null) return -1;
        int leaf = LittleEndian.getInt(table, Pte.leafIndex(vpn) << 2);
        int need = Pte.V | Pte.A | (store ? Pte.W | Pte.D : Pte.R) | (user ? Pte.U : 0);
        if ((leaf & need) != need || Pte.isPointer(leaf)) return -1;
        int pfn = Pte.pfn(leaf);
        if (pfn >= count || frames[pfn] == null) return -1;
        tlbMisses++;
        tlb.fill(vpn, asid, vpn >= 0x80000 ? leaf & ~Pte.U : leaf);
        return pfn;
    }

    /** Loads size (1, 2, 4) bytes at va, little-endian, zero-extended; translating both pages first if it straddles. */
    private int loadSlow(int va, int size) {
        int off = va & 0xFFF;
        if (off + size <= PhysicalMemory.PAGE_SIZE) {
            int pfn = translate(va, Access.LOAD);
            if (pfn < 0) return pfn == DEVICE ? mem.console().load(off, size) : 0;
            byte[] f = frames[pfn];
            return switch (size) {
                case 4 -> LittleEndian.getInt(f, off);
                case 2 -> LittleEndian.getShort(f, off);
                default -> f[off] & 0xFF;
            };
        }
        int pfn2 = translatePair(va, Access.LOAD, firstPage);
        if (pfn2 < 0) return 0;
        int pfn = firstPage[0];
        int v = 0;
        for (int k = 0; k < size; k++) {
            int o = off + k;
            byte bt = o < PhysicalMemory.PAGE_SIZE ? frames[pfn][o] : frames[pfn2][o - PhysicalMemory.PAGE_SIZE];
            v |= (bt & 0xFF) << (8 * k);
        }
        return v;
    }

    private void storeSlow(int va, int value, int size) {
        int off = va & 0xFFF;
        if (off + size <= PhysicalMemory.PAGE_SIZE) {
            int pfn = translate(va, Access.STORE);
            if (pfn < 0) {
                if (pfn == DEVICE) mem.console().store(off, value);
                return;
            }
            byte[] f = frames[pfn];
            switch (size) {
                case 4 -> LittleEndian.setInt(f, off, value);
                case 2 -> LittleEndian.setShort(f, off, value);
                default -> f[off] = (byte) value;
            }
            if (decoded[pfn] != null) codeWritten(pfn);
            return;
        }
        int pfn2 = translatePair(va, Access.STORE, firstPage);
        if (pfn2 < 0) return;
        int pfn = firstPage[0];
        for (int k = 0; k < size; k++) {
            int o = off + k;
            byte bt = (byte) (value >>> (8 * k));
            if (o < PhysicalMemory.PAGE_SIZE) frames[pfn][o] = bt;
            else frames[pfn2][o - PhysicalMemory.PAGE_SIZE] = bt;
        }
        if (decoded[pfn] != null) codeWritten(pfn);
        if (decoded[pfn2] != null) codeWritten(pfn2);
    }

    /** xchg: translates for store (both pages first), then swaps the word; returns the old value. */
    private int exchangeWord(int va, int value) {
        int off = va & 0xFFF;
        int pfn, pfn2;
        if (off <= 0xFFC) {
            pfn = translate(va, Access.STORE);
            pfn2 = pfn;
        } else {
            pfn2 = translatePair(va, Access.STORE, firstPage);
            pfn = firstPage[0];
        }
        if (pfn < 0 || pfn2 < 0) return pfn == DEVICE ? exchangeWithDevice(off, value) : 0;
        int old = 0;
        for (int k = 0; k < 4; k++) {
            int o = off + k;
            byte[] f = o < PhysicalMemory.PAGE_SIZE ? frames[pfn] : frames[pfn2];
            int fo = o & 0xFFF;
            old |= (f[fo] & 0xFF) << (8 * k);
            f[fo] = (byte) (value >>> (8 * k));
        }
        if (decoded[pfn] != null) codeWritten(pfn);
        if (decoded[pfn2] != null) codeWritten(pfn2);
        return old;
    }

    /** xchg on the device page: a load, then a store, at the same offset. */
    private int exchangeWithDevice(int off, int value) {
        int old = mem.console().load(off, 4);
        mem.console().store(off, value);
        return old;
    }

    /**
     * {@code copy d, a, b} (docs/isa.md section 6.3): copies forward a byte at a time, page run by page run. After each
     * run the registers record the progress, so a fault leaves them naming the first byte not copied.
     */
    private void copy(int d, int a, int b) {
        final int[] r = this.r;
        while (r[b] != 0 && b != 0) {
            int src = r[a], dst = r[d];
            int srcPfn = translate(src, Access.LOAD);
            if (srcPfn < 0 && srcPfn != DEVICE) return;
            int dstPfn = translate(dst, Access.STORE);
            if (dstPfn < 0 && dstPfn != DEVICE) return;
            if ((srcPfn | dstPfn) < 0) { // the device: one byte, one access
                copyByteWithDevice(d, a, b, srcPfn, dstPfn);
                continue;
            }
            long count = Integer.toUnsignedLong(r[b]);
            int run = (int) Math.min(count, Math.min(PhysicalMemory.PAGE_SIZE - (src & 0xFFF),
                    PhysicalMemory.PAGE_SIZE - (dst & 0xFFF)));
            byte[] from = frames[srcPfn], to = frames[dstPfn];
            int so = src & 0xFFF, dO = dst & 0xFFF;
            for (int k = 0; k < run; k++) to[dO + k] = from[so + k];
            if (decoded[dstPfn] != null) codeWritten(dstPfn);
            r[d] = dst + run;
            r[a] = src + run;
            r[b] -= run;
        }
    }

    /** One byte of a copy whose source or destination is the device page. */
    private void copyByteWithDevice(int d, int a, int b, int srcPfn, int dstPfn) {
        int src = r[a], dst = r[d];
        int value = srcPfn == DEVICE ? mem.console().load(src & 0xFFF, 1) : frames[srcPfn][src & 0xFFF];
        if (dstPfn == DEVICE) {
            mem.console().store(dst & 0xFFF, value);
        } else {
            frames[dstPfn][dst & 0xFFF] = (byte) value;
            if (decoded[dstPfn] != null) codeWritten(dstPfn);
        }
        r[d] = dst + 1;
        r[a] = src + 1;
        r[b] -= 1;
    }
}
