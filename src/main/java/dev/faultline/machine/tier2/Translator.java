package dev.faultline.machine.tier2;

import static org.objectweb.asm.Opcodes.*;

import dev.faultline.isa.Op;
import dev.faultline.machine.Decoder;
import dev.faultline.machine.PhysicalMemory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Translates the code of one guest page, from a hot entry, into a hidden class: one method in which
 * instructions of the page are straight-line bytecode and same-page branches are jumps (docs/tier.md).
 *
 * <p>The generated method mirrors the dispatch loop of {@code Cpu} case by case: the same inline TLB probe and
 * micro-TLB, the same slow paths (it calls the CPU's own), the same trap checks. Every instruction's pc and
 * its index in its block are constants, so an exit sets pc and the retired count exactly. The retired count
 * is checked against the limit once per block, before the block runs: a block that would cross the limit
 * (the timer, or a step limit) is left to the interpreter.
 */
final class Translator {
    private static final String CPU = "dev/faultline/machine/Cpu";
    private static final String CPU_D = "L" + CPU + ";";
    private static final String REGION = "dev/faultline/machine/tier2/Region";
    private static final String TRAP_CAUSE = "dev/faultline/isa/TrapCause";

    /** Instructions in one region at most, and a bytecode budget well under HotSpot's 8000-byte compile limit. */
    private static final int MAX_INSNS = 400;
    private static final int BUDGET = 5000;

    // Local variable slots of the generated run(Cpu cpu, long n, long limit).
    private static final int L_CPU = 1, L_N = 2, L_LIMIT = 4, L_R = 6, L_HITS = 7, L_N0 = 9, L_LVPN = 11,
            L_LFRAME = 12, L_TKEY = 13, L_TPTE = 14, L_MEM = 15, L_FTAG = 16, L_NLOAD = 17, L_NSTORE = 18,
            L_DEC = 19, L_EXPC = 20, L_EXCNT = 21, L_EXFETCH = 22, L_VA = 23, L_VPN = 24, L_IDX = 25, L_P = 26,
            L_T = 27, L_REG0 = 27; // guest register k (1..15) lives in slot 27 + k

    /**
     * A member of another class that the generated code names by string (owner in internal form, JVM
     * descriptor). Java cannot check these names when Faultline is compiled, so {@link #checkMembers} does when
     * a translator is made: a rename in {@code Cpu} fails at once, naming the member, instead of when some
     * program first runs hot code.
     */
    record Member(String owner, String name, String descriptor) {
        boolean isMethod() {
            return descriptor.startsWith("(");
        }

        @Override
        public String toString() {
            return owner.replace('/', '.') + (isMethod() ? "." + name + descriptor : "." + name + " : " + descriptor);
        }
    }

    /** Every member the generated code uses; TranslatorTest checks that the bytecode uses no other. */
    static final List<Member> MEMBERS = List.of(
            new Member(CPU, "r", "[I"), new Member(CPU, "pc", "I"), new Member(CPU, "instret", "J"),
            new Member(CPU, "trapped", "Z"), new Member(CPU, "fetchVpn", "I"), new Member(CPU, "paging", "Z"),
            new Member(CPU, "tlbHits", "J"), new Member(CPU, "microVpn", "I"), new Member(CPU, "microFrame", "[B"),
            new Member(CPU, "tlbKey", "[I"), new Member(CPU, "tlbPte", "[I"), new Member(CPU, "frames", "[[B"),
            new Member(CPU, "fastTag", "I"), new Member(CPU, "needLoad", "I"), new Member(CPU, "needStore", "I"),
            new Member(CPU, "decoded", "[[J"),
            new Member(CPU, "loadSlow", "(II)I"), new Member(CPU, "storeSlow", "(III)V"),
            new Member(CPU, "loadWord", "(I)I"), new Member(CPU, "storeWord", "(II)V"),
            new Member(CPU, "exchangeWord", "(II)I"), new Member(CPU, "loadMiss", "(I)I"),
            new Member(CPU, "storeMiss", "(II)V"), new Member(CPU, "codeWritten", "(I)V"),
            new Member(CPU, "trap", "(L" + TRAP_CAUSE + ";II)V"),
            new Member(TRAP_CAUSE, "DIVIDE", "L" + TRAP_CAUSE + ";"),
            new Member(REGION, "<init>", "()V"), new Member(REGION, "getInt", "([BI)I"),
            new Member(REGION, "setInt", "([BII)V"));

    private final MethodHandles.Lookup lookup;
    private final int tlbMask;
    private final int tlbSize;

    Translator(MethodHandles.Lookup lookup, int tlbMask, int tlbSize) {
        checkMembers(MEMBERS);
        this.lookup = lookup;
        this.tlbMask = tlbMask;
        this.tlbSize = tlbSize;
    }

    /** Fails, naming the first member that is missing (or has another type): see {@link Member}. */
    static void checkMembers(List<Member> members) {
        for (Member m : members) {
            if (!present(m)) {
                throw new IllegalStateException("the second tier's translator names " + m
                        + ", which does not exist: it was renamed or changed; update tier2.Translator to match");
            }
        }
    }

    private static boolean present(Member m) {
        Class<?> owner;
        try {
            owner = Class.forName(m.owner().replace('/', '.'), false, Translator.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        if (m.name().equals("<init>")) {
            for (Constructor<?> c : owner.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(c).equals(m.descriptor())) return true;
            }
            return false;
        }
        if (m.isMethod()) {
            for (Method method : owner.getDeclaredMethods()) {
                if (method.getName().equals(m.name())
                        && Type.getMethodDescriptor(method).equals(m.descriptor())) return true;
            }
            return false;
        }
        try {
            return Type.getDescriptor(owner.getDeclaredField(m.name()).getType()).equals(m.descriptor());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** What an instruction does to the region's shape. */
    private enum Kind {
        /** Runs in the region and falls through. */
        PLAIN,
        /** A conditional branch: falls through or jumps. */
        BRANCH,
        /** jmp, call: jumps. */
        JUMP,
        /** ret, jr, callr: retires, then leaves to a computed pc. */
        INDIRECT,
        /** Left to the interpreter: the region exits before it. */
        EXIT
    }

    /** One instruction of the region. */
    private record Insn(int off, long e, int len, Kind kind) {
        int op() {
            return (int) e & 0xFF;
        }
    }

    /**
     * The translated region entered at entryPc, or null when its first instruction is left to the interpreter.
     * A class made for the same code page, entry and TLB shape by any kernel of this process is used again
     * ({@link ClassCache}): HotSpot has compiled it already.
     */
    Region translate(int entryPc, byte[] frame, long[] decoded) {
        try {
            ClassCache.Key key = new ClassCache.Key(lookup.lookupClass(), entryPc, tlbMask, tlbSize, frame);
            MethodHandle made = ClassCache.get(key);
            if (made == null) {
                byte[] bytes = bytecode(entryPc, frame, decoded);
                if (bytes == null) return null;
                MethodHandles.Lookup hidden = lookup.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
                made = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class));
                ClassCache.put(key, made);
            }
            return (Region) made.invoke();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return null; // a class HotSpot refuses (none is known): the interpreter runs the code, as exactly
        }
    }

    /**
     * The region classes made in this process, by what the generated code depends on: the class whose nest it
     * joins, the entry address (with its page's virtual address), the TLB's shape and the code page's bytes (its
     * decode cache is made from them). {@code compare} boots one kernel per policy and frame count, and time
     * travel one per replay, each running the same code: with this cache each finds the class HotSpot has
     * compiled already, instead of making a new one that starts again in the bytecode interpreter. Bounded: the
     * least recently used class is dropped beyond {@link #CAP} (a page copy and a class each).
     */
    static final class ClassCache {
        static final int CAP = 256;
        private static final Map<Key, MethodHandle> CLASSES = new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, MethodHandle> eldest) {
                return size() > CAP;
            }
        };

        private ClassCache() {}

        static synchronized MethodHandle get(Key key) {
            return CLASSES.get(key);
        }

        static synchronized void put(Key key, MethodHandle constructor) {
            CLASSES.put(key, constructor);
        }

        /** A code page's bytes (copied), its entry, the TLB's shape and the nest host. */
        static final class Key {
            final Class<?> host;
            final int entryPc, tlbMask, tlbSize, hash;
            final byte[] page;

            Key(Class<?> host, int entryPc, int tlbMask, int tlbSize, byte[] frame) {
                this.host = host;
                this.entryPc = entryPc;
                this.tlbMask = tlbMask;
                this.tlbSize = tlbSize;
                this.page = frame.clone();
                this.hash = (Arrays.hashCode(page) * 31 + entryPc) * 31 + tlbMask * 7 + tlbSize;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.hash == hash && k.host == host && k.entryPc == entryPc
                        && k.tlbMask == tlbMask && k.tlbSize == tlbSize && Arrays.equals(k.page, page);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }

    /** The class file of the region entered at entryPc, or null when its first instruction is left to the interpreter. */
    byte[] bytecode(int entryPc, byte[] frame, long[] decoded) {
        int base = entryPc >>> 12 << 12;
        Map<Integer, Insn> insns = discover(entryPc & 0xFFF, frame, decoded, base);
        Insn first = insns.get(entryPc & 0xFFF);
        if (first == null || first.kind == Kind.EXIT) return null;
        return generate(entryPc, base, insns);
    }

    // ---------------------------------------------------------------- discovery

    private Map<Integer, Insn> discover(int entry, byte[] frame, long[] decoded, int base) {
        Map<Integer, Insn> insns = new HashMap<>();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(entry);
        int cost = 0;
        while (!work.isEmpty() && insns.size() < MAX_INSNS && cost < BUDGET) {
            int off = work.poll();
            if (insns.containsKey(off)) continue;
            Insn in = decode(off, frame, decoded);
            insns.put(off, in);
            cost += cost(in);
            int pc = base + off;
            if (in.kind == Kind.PLAIN || in.kind == Kind.BRANCH) {
                int next = off + in.len;
                if (next < PhysicalMemory.PAGE_SIZE) work.add(next);
            }
            if (in.kind == Kind.BRANCH || in.kind == Kind.JUMP) {
                int target = pc + Decoder.imm(in.e);
                if ((target >>> 12) == (base >>> 12)) work.add(target & 0xFFF);
            }
        }
        return insns;
    }

    private static Insn decode(int off, byte[] frame, long[] decoded) {
        long e = decoded[off];
        int len;
        if (e != 0) {
            len = Decoder.length(e);
        } else {
            len = Decoder.lengthOf(frame[off]);
            if (off + len > PhysicalMemory.PAGE_SIZE) return new Insn(off, 0, len, Kind.EXIT); // straddles
            e = Decoder.decode(frame, off, len);
        }
        return new Insn(off, e, len, kindOf((int) e & 0xFF));
    }

    private static Kind kindOf(int op) {
        return switch (op) {
            case Op.NOP, Op.MOV, Op.PUSH, Op.POP, Op.XCHG, Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
                 Op.AND, Op.OR, Op.XOR, Op.SHL, Op.SHR, Op.SAR, Op.SLT, Op.SLTU, Op.LI, Op.ADDI, Op.ANDI, Op.ORI,
                 Op.XORI, Op.SHLI, Op.SHRI, Op.SARI, Op.SLTI, Op.SLTIU, Op.LW, Op.LH, Op.LHU, Op.LB, Op.LBU, Op.SW,
                 Op.SH, Op.SB -> Kind.PLAIN;
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> Kind.BRANCH;
            case Op.JMP, Op.CALL -> Kind.JUMP;
            case Op.RET, Op.JR, Op.CALLR -> Kind.INDIRECT;
            default -> Kind.EXIT; // brk, halt, sret, wfi, copy, sys, csr*, tlb*, illegal
        };
    }

    /** A generous estimate of an instruction's bytecode. */
    private static int cost(Insn in) {
        return switch (in.op()) {
            case Op.LW, Op.SW -> 200;
            case Op.LH, Op.LHU, Op.LB, Op.LBU, Op.SH, Op.SB, Op.PUSH, Op.POP, Op.XCHG, Op.CALL, Op.CALLR, Op.RET -> 100;
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> 60;
            case Op.DIV, Op.DIVU, Op.REM, Op.REMU -> 50;
            default -> 30;
        };
    }

    // ---------------------------------------------------------------- generation

    /** The state of one method being generated. */
    private final class Gen {
        final MethodVisitor mv;
        final int base;
        final Map<Integer, Insn> insns;
        final Map<Integer, Label> labels = new HashMap<>();
        final Label exit = new Label();
        final boolean[] written = new boolean[16];

        Gen(MethodVisitor mv, int base, Map<Integer, Insn> insns) {
            this.mv = mv;
            this.base = base;
            this.insns = insns;
        }

        Label label(int off) {
            return labels.computeIfAbsent(off, k -> new Label());
        }

        // ---- registers

        void loadReg(int k) {
            if (k == 0) mv.visitInsn(ICONST_0);
            else mv.visitVarInsn(ILOAD, L_REG0 + k);
        }

        /** Stores the int on the stack into register k (dropped for r0). */
        void storeReg(int k) {
            if (k == 0) {
                mv.visitInsn(POP);
            } else {
                mv.visitVarInsn(ISTORE, L_REG0 + k);
                written[k] = true;
            }
        }

        void push(int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
            else mv.visitLdcInsn(v);
        }

        void cpu() {
            mv.visitVarInsn(ALOAD, L_CPU);
        }

        /** cpu.instret = n + k before a slow path: the observer (a TLB trace) reads the exact count. */
        void publish(int k) {
            cpu();
            mv.visitVarInsn(LLOAD, L_N);
            mv.visitLdcInsn((long) k);
            mv.visitInsn(LADD);
            mv.visitFieldInsn(PUTFIELD, CPU, "instret", "J");
        }

        // ---- exits

        /** Leaves with pc (on the stack), count instructions of the current block retired, fetched: 1 after a trap. */
        void exitWithPcOnStack(int count, int fetched) {
            mv.visitVarInsn(ISTORE, L_EXPC);
            push(count);
            mv.visitVarInsn(ISTORE, L_EXCNT);
            push(fetched);
            mv.visitVarInsn(ISTORE, L_EXFETCH);
            mv.visitJumpInsn(GOTO, exit);
        }

        void exit(int pc, int count, int fetched) {
            push(pc);
            exitWithPcOnStack(count, fetched);
        }

        /** If the last call raised a trap, leaves with the instruction at pc (index k) untired but fetched. */
        void exitIfTrapped(int pc, int k) {
            Label ok = new Label();
            cpu();
            mv.visitFieldInsn(GETFIELD, CPU, "trapped", "Z");
            mv.visitJumpInsn(IFEQ, ok);
            exit(pc, k, 1);
            mv.visitLabel(ok);
        }

        /** After a store: if it wrote a frame holding code, the fetch page is gone; leave after the instruction. */
        void exitIfFetchLost(int nextPc, int k) {
            Label ok = new Label();
            cpu();
            mv.visitFieldInsn(GETFIELD, CPU, "fetchVpn", "I");
            push(base >>> 12);
            mv.visitJumpInsn(IF_ICMPEQ, ok);
            exit(nextPc, k + 1, 0);
            mv.visitLabel(ok);
        }

        /** Goes on at target after the instruction of index k: a jump inside the region, else an exit. */
        void successor(int target, int k) {
            Insn in = insns.get(target - base);
            if ((target >>> 12) == (base >>> 12) && in != null) {
                mv.visitVarInsn(LLOAD, L_N);
                mv.visitLdcInsn((long) (k + 1));
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, L_N);
                mv.visitJumpInsn(GOTO, label(target - base));
            } else {
                exit(target, k + 1, 0);
            }
        }

        // ---- the TLB probe

        /** index = vpn & mask (or vpn % size), into L_IDX; p = tPte[index] into L_P. */
        void probe() {
            mv.visitVarInsn(ILOAD, L_VPN);
            if (tlbMask >= 0) {
                push(tlbMask);
                mv.visitInsn(IAND);
            } else {
                push(tlbSize);
                mv.visitInsn(IREM);
            }
            mv.visitVarInsn(ISTORE, L_IDX);
            mv.visitVarInsn(ALOAD, L_TPTE);
            mv.visitVarInsn(ILOAD, L_IDX);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, L_P);
        }

        /** Jumps to miss unless tKey[i] == (fTag | vpn) && (p & need) == need && (va & 0xFFF) <= 0xFFC. */
        void probeHitOr(int needSlot, Label miss) {
            mv.visitVarInsn(ALOAD, L_TKEY);
            mv.visitVarInsn(ILOAD, L_IDX);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ILOAD, L_FTAG);
            mv.visitVarInsn(ILOAD, L_VPN);
            mv.visitInsn(IOR);
            mv.visitJumpInsn(IF_ICMPNE, miss);
            mv.visitVarInsn(ILOAD, L_P);
            mv.visitVarInsn(ILOAD, needSlot);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ILOAD, needSlot);
            mv.visitJumpInsn(IF_ICMPNE, miss);
            wordInPageOr(miss);
        }

        void wordInPageOr(Label miss) {
            mv.visitVarInsn(ILOAD, L_VA);
            push(0xFFF);
            mv.visitInsn(IAND);
            push(0xFFC);
            mv.visitJumpInsn(IF_ICMPGT, miss);
        }

        void hit() {
            mv.visitVarInsn(LLOAD, L_HITS);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, L_HITS);
        }

        /** va = r[a] + imm into L_VA, vpn into L_VPN. */
        void address(long e) {
            loadReg(Decoder.a(e));
            push(Decoder.imm(e));
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, L_VA);
            mv.visitVarInsn(ILOAD, L_VA);
            push(12);
            mv.visitInsn(IUSHR);
            mv.visitVarInsn(ISTORE, L_VPN);
        }

        // ---- instructions

        void emit(Insn in, int k, boolean last) {
            int pc = base + in.off;
            long e = in.e;
            int op = in.op();
            int next = pc + in.len;
            switch (in.kind) {
                case EXIT -> exit(pc, k, 0);
                case PLAIN -> {
                    plain(op, e, pc, k, next);
                }
                case BRANCH -> {
                    Label taken = new Label();
                    loadReg(Decoder.a(e));
                    loadReg(Decoder.b(e));
                    switch (op) {
                        case Op.BEQ -> mv.visitJumpInsn(IF_ICMPEQ, taken);
                        case Op.BNE -> mv.visitJumpInsn(IF_ICMPNE, taken);
                        case Op.BLT -> mv.visitJumpInsn(IF_ICMPLT, taken);
                        case Op.BGE -> mv.visitJumpInsn(IF_ICMPGE, taken);
                        case Op.BLTU -> {
                            compareUnsigned();
                            mv.visitJumpInsn(IFLT, taken);
                        }
                        default -> {
                            compareUnsigned();
                            mv.visitJumpInsn(IFGE, taken);
                        }
                    }
                    successor(next, k);
                    mv.visitLabel(taken);
                    successor(pc + Decoder.imm(e), k);
                }
                case JUMP -> {
                    if (op == Op.CALL) {
                        pushFrame(pc + 5, pc, k);
                        exitIfFetchLost(pc + Decoder.imm(e), k);
                    }
                    successor(pc + Decoder.imm(e), k);
                }
                case INDIRECT -> {
                    switch (op) {
                        case Op.JR -> loadReg(Decoder.a(e));
                        case Op.RET -> {
                            popWord(pc, k);
                            mv.visitVarInsn(ILOAD, L_T);
                        }
                        default -> { // callr: t = s; push pc+2; pc = t
                            loadReg(Decoder.a(e));
                            mv.visitVarInsn(ISTORE, L_T);
                            pushFrame(pc + 2, pc, k);
                            mv.visitVarInsn(ILOAD, L_T);
                        }
                    }
                    exitWithPcOnStack(k + 1, 0);
                }
            }
            if (last && (in.kind == Kind.PLAIN)) successor(next, k);
        }

        void compareUnsigned() {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
        }

        /** a = sp - 4; M32[a] = value (storeWord); sp = a. */
        void pushFrame(int value, int pc, int k) {
            loadReg(15);
            push(4);
            mv.visitInsn(ISUB);
            mv.visitVarInsn(ISTORE, L_VA);
            publish(k);
            cpu();
            mv.visitVarInsn(ILOAD, L_VA);
            push(value);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "storeWord", "(II)V", false);
            exitIfTrapped(pc, k);
            mv.visitVarInsn(ILOAD, L_VA);
            storeReg(15);
        }

        /** t = M32[sp] (loadWord); sp += 4; t into L_T. */
        void popWord(int pc, int k) {
            publish(k);
            cpu();
            loadReg(15);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "loadWord", "(I)I", false);
            mv.visitVarInsn(ISTORE, L_T);
            exitIfTrapped(pc, k);
            loadReg(15);
            push(4);
            mv.visitInsn(IADD);
            storeReg(15);
        }

        void plain(int op, long e, int pc, int k, int next) {
            int d = Decoder.d(e), a = Decoder.a(e), b = Decoder.b(e), imm = Decoder.imm(e);
            switch (op) {
                case Op.NOP -> { }
                case Op.MOV -> {
                    loadReg(a);
                    storeReg(d);
                }
                case Op.ADD, Op.SUB, Op.MUL, Op.AND, Op.OR, Op.XOR, Op.SHL, Op.SHR, Op.SAR -> {
                    loadReg(a);
                    loadReg(b);
                    mv.visitInsn(arith(op));
                    storeReg(d);
                }
                case Op.SLT, Op.SLTU -> {
                    loadReg(a);
                    loadReg(b);
                    setIfLess(op == Op.SLTU);
                    storeReg(d);
                }
                case Op.DIV, Op.DIVU, Op.REM, Op.REMU -> {
                    Label ok = new Label();
                    loadReg(b);
                    mv.visitJumpInsn(IFNE, ok);
                    cpu();
                    mv.visitFieldInsn(GETSTATIC, TRAP_CAUSE, "DIVIDE", "L" + TRAP_CAUSE + ";");
                    push(0);
                    push(pc);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "trap", "(L" + TRAP_CAUSE + ";II)V", false);
                    exit(pc, k, 1);
                    mv.visitLabel(ok);
                    loadReg(a);
                    loadReg(b);
                    switch (op) {
                        case Op.DIV -> mv.visitInsn(IDIV);
                        case Op.REM -> mv.visitInsn(IREM);
                        case Op.DIVU -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "divideUnsigned", "(II)I", false);
                        default -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "remainderUnsigned", "(II)I", false);
                    }
                    storeReg(d);
                }
                case Op.LI -> {
                    push(imm);
                    storeReg(d);
                }
                case Op.ADDI, Op.ANDI, Op.ORI, Op.XORI, Op.SHLI, Op.SHRI, Op.SARI -> {
                    loadReg(a);
                    push(imm);
                    mv.visitInsn(arith(op));
                    storeReg(d);
                }
                case Op.SLTI, Op.SLTIU -> {
                    loadReg(a);
                    push(imm);
                    setIfLess(op == Op.SLTIU);
                    storeReg(d);
                }
                case Op.LW -> loadWordInline(e, pc, k);
                case Op.LH, Op.LHU, Op.LB, Op.LBU -> {
                    publish(k);
                    cpu();
                    loadReg(a);
                    push(imm);
                    mv.visitInsn(IADD);
                    push(op == Op.LH || op == Op.LHU ? 2 : 1);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "loadSlow", "(II)I", false);
                    mv.visitVarInsn(ISTORE, L_T);
                    exitIfTrapped(pc, k);
                    mv.visitVarInsn(ILOAD, L_T);
                    switch (op) {
                        case Op.LH -> mv.visitInsn(I2S);
                        case Op.LHU -> {
                            push(0xFFFF);
                            mv.visitInsn(IAND);
                        }
                        case Op.LB -> mv.visitInsn(I2B);
                        default -> {
                            push(0xFF);
                            mv.visitInsn(IAND);
                        }
                    }
                    storeReg(d);
                }
                case Op.SW -> storeWordInline(e, pc, k, next);
                case Op.SH, Op.SB -> {
                    publish(k);
                    cpu();
                    loadReg(a);
                    push(imm);
                    mv.visitInsn(IADD);
                    loadReg(d);
                    push(op == Op.SH ? 2 : 1);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "storeSlow", "(III)V", false);
                    exitIfTrapped(pc, k);
                    exitIfFetchLost(next, k);
                }
                case Op.PUSH -> {
                    loadReg(a);
                    mv.visitVarInsn(ISTORE, L_T);
                    loadReg(15);
                    push(4);
                    mv.visitInsn(ISUB);
                    mv.visitVarInsn(ISTORE, L_VA);
                    publish(k);
                    cpu();
                    mv.visitVarInsn(ILOAD, L_VA);
                    mv.visitVarInsn(ILOAD, L_T);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "storeWord", "(II)V", false);
                    exitIfTrapped(pc, k);
                    mv.visitVarInsn(ILOAD, L_VA);
                    storeReg(15);
                    exitIfFetchLost(next, k);
                }
                case Op.POP -> {
                    popWord(pc, k);
                    mv.visitVarInsn(ILOAD, L_T);
                    storeReg(d);
                }
                case Op.XCHG -> {
                    publish(k);
                    cpu();
                    loadReg(a);
                    loadReg(d);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "exchangeWord", "(II)I", false);
                    mv.visitVarInsn(ISTORE, L_T);
                    exitIfTrapped(pc, k);
                    mv.visitVarInsn(ILOAD, L_T);
                    storeReg(d);
                    exitIfFetchLost(next, k);
                }
                default -> throw new IllegalStateException("not a plain instruction: " + op);
            }
        }

        void setIfLess(boolean unsigned) {
            Label yes = new Label(), done = new Label();
            if (unsigned) {
                compareUnsigned();
                mv.visitJumpInsn(IFLT, yes);
            } else {
                mv.visitJumpInsn(IF_ICMPLT, yes);
            }
            mv.visitInsn(ICONST_0);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(yes);
            mv.visitInsn(ICONST_1);
            mv.visitLabel(done);
        }

        int arith(int op) {
            return switch (op) {
                case Op.ADD, Op.ADDI -> IADD;
                case Op.SUB -> ISUB;
                case Op.MUL -> IMUL;
                case Op.AND, Op.ANDI -> IAND;
                case Op.OR, Op.ORI -> IOR;
                case Op.XOR, Op.XORI -> IXOR;
                case Op.SHL, Op.SHLI -> ISHL;
                case Op.SHR, Op.SHRI -> IUSHR;
                default -> ISHR;
            };
        }

        /** lw: the micro-TLB, then the TLB probe, then the CPU's slow path (as the dispatch loop does). */
        void loadWordInline(long e, int pc, int k) {
            Label probe = new Label(), slow = new Label(), done = new Label();
            address(e);
            mv.visitVarInsn(ILOAD, L_VPN);
            mv.visitVarInsn(ILOAD, L_LVPN);
            mv.visitJumpInsn(IF_ICMPNE, probe);
            wordInPageOr(probe);
            hit();
            mv.visitVarInsn(ALOAD, L_LFRAME);
            offsetOfVa();
            mv.visitMethodInsn(INVOKESTATIC, REGION, "getInt", "([BI)I", false);
            storeReg(Decoder.d(e));
            mv.visitJumpInsn(GOTO, done);

            mv.visitLabel(probe);
            probe();
            probeHitOr(L_NLOAD, slow);
            hit();
            mv.visitVarInsn(ILOAD, L_VPN);
            mv.visitVarInsn(ISTORE, L_LVPN);
            mv.visitVarInsn(ALOAD, L_MEM);
            mv.visitVarInsn(ILOAD, L_P);
            push(10);
            mv.visitInsn(IUSHR);
            mv.visitInsn(AALOAD);
            mv.visitVarInsn(ASTORE, L_LFRAME);
            mv.visitVarInsn(ALOAD, L_LFRAME);
            offsetOfVa();
            mv.visitMethodInsn(INVOKESTATIC, REGION, "getInt", "([BI)I", false);
            storeReg(Decoder.d(e));
            mv.visitJumpInsn(GOTO, done);

            mv.visitLabel(slow);
            publish(k);
            cpu();
            mv.visitVarInsn(ILOAD, L_VA);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "loadMiss", "(I)I", false);
            mv.visitVarInsn(ISTORE, L_T);
            exitIfTrapped(pc, k);
            mv.visitVarInsn(ILOAD, L_T);
            storeReg(Decoder.d(e));
            mv.visitLabel(done);
        }

        /** sw: the TLB probe, a check for code in the frame written, else the CPU's slow path. */
        void storeWordInline(long e, int pc, int k, int next) {
            Label slow = new Label(), done = new Label();
            address(e);
            probe();
            probeHitOr(L_NSTORE, slow);
            hit();
            mv.visitVarInsn(ALOAD, L_MEM);
            mv.visitVarInsn(ILOAD, L_P);
            push(10);
            mv.visitInsn(IUSHR);
            mv.visitInsn(AALOAD);
            offsetOfVa();
            loadReg(Decoder.d(e));
            mv.visitMethodInsn(INVOKESTATIC, REGION, "setInt", "([BII)V", false);
            mv.visitVarInsn(ALOAD, L_DEC);
            mv.visitVarInsn(ILOAD, L_P);
            push(10);
            mv.visitInsn(IUSHR);
            mv.visitInsn(AALOAD);
            mv.visitJumpInsn(IFNULL, done);
            cpu(); // the frame holds decoded code (perhaps this region's): drop it and leave
            mv.visitVarInsn(ILOAD, L_P);
            push(10);
            mv.visitInsn(IUSHR);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "codeWritten", "(I)V", false);
            exit(next, k + 1, 0);

            mv.visitLabel(slow);
            publish(k);
            cpu();
            mv.visitVarInsn(ILOAD, L_VA);
            loadReg(Decoder.d(e));
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "storeMiss", "(II)V", false);
            exitIfTrapped(pc, k);
            exitIfFetchLost(next, k);
            mv.visitLabel(done);
        }

        void offsetOfVa() {
            mv.visitVarInsn(ILOAD, L_VA);
            push(0xFFF);
            mv.visitInsn(IAND);
        }
    }

    private byte[] generate(int entryPc, int base, Map<Integer, Insn> insns) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, "dev/faultline/machine/Region" + Integer.toHexString(entryPc), null,
                REGION, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, REGION, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(" + CPU_D + "JJ)V", null, null);
        mv.visitCode();
        Gen g = new Gen(mv, base, insns);
        prologue(g);

        // Leaders: the entry, jump targets inside the region, and anything not reached by exactly one fall-through.
        int[] fallPreds = new int[PhysicalMemory.PAGE_SIZE];
        boolean[] leader = new boolean[PhysicalMemory.PAGE_SIZE];
        leader[entryPc & 0xFFF] = true;
        for (Insn in : insns.values()) {
            int next = in.off + in.len;
            if (in.kind == Kind.PLAIN && next < PhysicalMemory.PAGE_SIZE) fallPreds[next]++;
            if (in.kind == Kind.BRANCH && next < PhysicalMemory.PAGE_SIZE) leader[next] = true;
            if (in.kind == Kind.BRANCH || in.kind == Kind.JUMP) {
                int target = base + in.off + Decoder.imm(in.e);
                if ((target >>> 12) == (base >>> 12)) leader[target & 0xFFF] = true;
            }
        }
        for (Insn in : insns.values()) {
            if (fallPreds[in.off] != 1) leader[in.off] = true;
        }
        mv.visitJumpInsn(GOTO, g.label(entryPc & 0xFFF));
        for (Insn head : insns.values()) {
            if (leader[head.off]) block(g, head, leader);
        }

        epilogue(g);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** One block: the limit check, then the instructions from a leader to a branch, an exit or the next leader. */
    private void block(Gen g, Insn head, boolean[] leader) {
        MethodVisitor mv = g.mv;
        int length = 1;
        Insn in = head;
        while (continues(in) && !leader[in.off + in.len] && g.insns.containsKey(in.off + in.len)) {
            in = g.insns.get(in.off + in.len);
            length++;
        }
        mv.visitLabel(g.label(head.off));
        Label ok = new Label();
        mv.visitVarInsn(LLOAD, L_N);
        mv.visitLdcInsn((long) length);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, L_LIMIT);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLE, ok);
        g.exit(g.base + head.off, 0, 0);
        mv.visitLabel(ok);
        in = head;
        for (int k = 0; k < length; k++) {
            g.emit(in, k, k == length - 1);
            if (k < length - 1) in = g.insns.get(in.off + in.len);
        }
    }

    private static boolean continues(Insn in) {
        return in.kind == Kind.PLAIN && in.off + in.len < PhysicalMemory.PAGE_SIZE;
    }

    private void prologue(Gen g) {
        MethodVisitor mv = g.mv;
        g.cpu();
        mv.visitFieldInsn(GETFIELD, CPU, "r", "[I");
        mv.visitVarInsn(ASTORE, L_R);
        for (int k = 1; k < 16; k++) {
            mv.visitVarInsn(ALOAD, L_R);
            g.push(k);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, L_REG0 + k);
        }
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, L_HITS);
        mv.visitVarInsn(LLOAD, L_N);
        mv.visitVarInsn(LSTORE, L_N0);
        field(g, "microVpn", "I", ISTORE, L_LVPN);
        field(g, "microFrame", "[B", ASTORE, L_LFRAME);
        field(g, "tlbKey", "[I", ASTORE, L_TKEY);
        field(g, "tlbPte", "[I", ASTORE, L_TPTE);
        field(g, "frames", "[[B", ASTORE, L_MEM);
        field(g, "fastTag", "I", ISTORE, L_FTAG);
        field(g, "needLoad", "I", ISTORE, L_NLOAD);
        field(g, "needStore", "I", ISTORE, L_NSTORE);
        field(g, "decoded", "[[J", ASTORE, L_DEC);
        for (int slot : new int[] {L_EXPC, L_EXCNT, L_EXFETCH, L_VA, L_VPN, L_IDX, L_P, L_T}) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, slot);
        }
    }

    private static void field(Gen g, String name, String desc, int store, int slot) {
        g.cpu();
        g.mv.visitFieldInsn(GETFIELD, CPU, name, desc);
        g.mv.visitVarInsn(store, slot);
    }

    /** The one way out: registers back, pc, the retired count, TLB hits (fetches included) and the micro-TLB. */
    private void epilogue(Gen g) {
        MethodVisitor mv = g.mv;
        mv.visitLabel(g.exit);
        for (int k = 1; k < 16; k++) {
            if (!g.written[k]) continue;
            mv.visitVarInsn(ALOAD, L_R);
            g.push(k);
            mv.visitVarInsn(ILOAD, L_REG0 + k);
            mv.visitInsn(IASTORE);
        }
        g.cpu();
        mv.visitVarInsn(ILOAD, L_EXPC);
        mv.visitFieldInsn(PUTFIELD, CPU, "pc", "I");
        // n += count: the retired count at the exit
        mv.visitVarInsn(LLOAD, L_N);
        mv.visitVarInsn(ILOAD, L_EXCNT);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, L_N);
        g.cpu();
        mv.visitVarInsn(LLOAD, L_N);
        mv.visitFieldInsn(PUTFIELD, CPU, "instret", "J");
        // tlbHits += data hits + one fetch hit per retired instruction (+ the trapping one's fetch), as the loop
        // counts them: only with paging on
        Label counted = new Label();
        g.cpu();
        mv.visitFieldInsn(GETFIELD, CPU, "paging", "Z");
        mv.visitJumpInsn(IFEQ, counted);
        g.cpu();
        g.cpu();
        mv.visitFieldInsn(GETFIELD, CPU, "tlbHits", "J");
        mv.visitVarInsn(LLOAD, L_HITS);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, L_N);
        mv.visitVarInsn(LLOAD, L_N0);
        mv.visitInsn(LSUB);
        mv.visitInsn(LADD);
        mv.visitVarInsn(ILOAD, L_EXFETCH);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, CPU, "tlbHits", "J");
        mv.visitLabel(counted);
        g.cpu();
        mv.visitVarInsn(ILOAD, L_LVPN);
        mv.visitFieldInsn(PUTFIELD, CPU, "microVpn", "I");
        g.cpu();
        mv.visitVarInsn(ALOAD, L_LFRAME);
        mv.visitFieldInsn(PUTFIELD, CPU, "microFrame", "[B");
        mv.visitInsn(RETURN);
    }
}
