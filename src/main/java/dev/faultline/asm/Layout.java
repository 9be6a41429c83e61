package dev.faultline.asm;

import dev.faultline.abi.Flx;
import java.util.EnumMap;
import java.util.Map;

/**
 * The second pass: gives every item an address and a size. Sections are laid out in the order text,
 * rodata, data, bss; each non-empty one starts on the first page boundary after the one before, the
 * first at {@link #TEXT_START}. A {@code .org} before anything else in .text moves its start.
 */
final class Layout {
    static final long TEXT_START = 0x10000;
    /** Largest section kept in the file; beyond it the assembler reports an error instead of running out of memory. */
    static final long MAX_FILE_SECTION = 64L << 20;
    static final long MAX_ALIGN = 1L << 30;

    /** Where a section lies: {@code [start, end)}; its segment begins at {@code vaddr}, start rounded down to a page. */
    record Extent(long start, long end) {
        long vaddr() {
            return start & ~(long) (Flx.PAGE - 1);
        }

        boolean isEmpty() {
            return end == start;
        }
    }

    private final Evaluator evaluator;
    private final Diagnostics diagnostics;

    Layout(Evaluator evaluator, Diagnostics diagnostics) {
        this.evaluator = evaluator;
        this.diagnostics = diagnostics;
    }

    /** Places every item of the program; returns each section's extent. */
    Map<Section, Extent> place(Program program) {
        Map<Section, Extent> extents = new EnumMap<>(Section.class);
        long next = TEXT_START;
        for (Section s : Section.values()) {
            Extent e = new SectionPlacer(s, next).place(program);
            extents.put(s, e);
            if (!e.isEmpty()) next = roundUpToPage(e.end());
        }
        return extents;
    }

    static long roundUpToPage(long address) {
        return (address + Flx.PAGE - 1) & ~(long) (Flx.PAGE - 1);
    }

    /** Lays out one section from its first item to its last. */
    private final class SectionPlacer {
        private final Section section;
        private long start;
        private long location;
        /** False until a label or a byte is placed: until then a .org in .text moves the start. */
        private boolean started;
        /** Set once the section has outgrown its limits: the items after it are not placed in it. */
        private boolean full;

        SectionPlacer(Section section, long start) {
            this.section = section;
            this.start = start;
            this.location = start;
        }

        Extent place(Program program) {
            for (Item item : program.sections.get(section)) {
                try {
                    item.size = full ? 0 : size(item);
                    checkRoom(item);
                } catch (AsmException e) {
                    diagnostics.error(e);
                    item.failed = true;
                    item.size = 0;
                }
                item.failed |= full;
                item.address = location;
                item.placed = true;
                location += item.size;
                started |= item.size > 0 || item.isLabel();
            }
            return new Extent(start, location);
        }

        private long size(Item item) throws AsmException {
            if (item.opcode != null) return item.opcode.length();
            if (item.directive == null) return 0;
            return switch (item.directive) {
                case BYTE, HALF, WORD -> values(item) * item.directive.width;
                case ASCII, ASCIZ -> stringBytes(item);
                case SPACE -> space(item);
                case ALIGN -> align(item);
                case ORG -> org(item);
                default -> 0;
            };
        }

        private long values(Item item) throws AsmException {
            if (item.operands.isEmpty()) throw new AsmException(item.pos(), item.directive.spelling() + " needs at least one value");
            for (Operand o : item.operands) {
                if (!(o instanceof Operand.Value)) {
                    throw new AsmException(o.pos(), "expected an expression, found " + Operand.describe(o));
                }
            }
            return item.operands.size();
        }

        private long stringBytes(Item item) throws AsmException {
            if (item.operands.isEmpty()) throw new AsmException(item.pos(), item.directive.spelling() + " needs a string");
            long total = 0;
            for (Operand o : item.operands) {
                if (!(o instanceof Operand.Text t)) {
                    throw new AsmException(o.pos(), "expected a string in double quotes, found " + Operand.describe(o));
                }
                total += t.bytes().length + (item.directive == Directive.ASCIZ ? 1 : 0);
            }
            return total;
        }

        /** {@code .space n[, fill]}: n bytes; the fill is checked when the bytes are written. */
        private long space(Item item) throws AsmException {
            if (item.operands.isEmpty() || item.operands.size() > 2) {
                throw new AsmException(item.pos(), ".space takes a size and an optional fill byte");
            }
            long n = operandValue(item, 0);
            if (n < 0 || n > Flx.USER_TOP) {
                throw new AsmException(item.operands.get(0).pos(), ".space size " + n + " is out of range");
            }
            return n;
        }

        /** {@code .align n}: zero bytes up to the next multiple of n, a power of two. */
        private long align(Item item) throws AsmException {
            expectOne(item, "a power of two");
            long n = operandValue(item, 0);
            if (n <= 0 || (n & (n - 1)) != 0 || n > MAX_ALIGN) {
                throw new AsmException(item.operands.get(0).pos(), ".align " + n + ": the alignment must be a power of two"
                        + " from 1 to " + MAX_ALIGN);
            }
            return (n - location % n) % n;
        }

        /** {@code .org addr}: forward within the section; before anything else in .text, moves its start. */
        private long org(Item item) throws AsmException {
            expectOne(item, "an address");
            long target = operandValue(item, 0);
            Pos at = item.operands.get(0).pos();
            if (section == Section.TEXT && !started) {
                if (target < TEXT_START || target >= Flx.USER_TOP) {
                    throw new AsmException(at, String.format(".org 0x%x: .text must start inside user space"
                            + " (0x%08x..0x%08x)", target, TEXT_START, Flx.USER_TOP));
                }
                start = target;
                location = target;
                return 0;
            }
            if (target < location) {
                throw new AsmException(at, String.format(".org 0x%x is behind the current address 0x%x: .org only"
                        + " moves forward", target, location));
            }
            return target - location;
        }

        private void expectOne(Item item, String what) throws AsmException {
            if (item.operands.size() != 1) {
                throw new AsmException(item.pos(), item.directive.spelling() + " takes one operand, " + what);
            }
        }

        /** An operand that decides a size: evaluated now, so it may use only what is already placed. */
        private long operandValue(Item item, int index) throws AsmException {
            Operand o = item.operands.get(index);
            if (!(o instanceof Operand.Value v)) {
                throw new AsmException(o.pos(), "expected an expression, found " + Operand.describe(o));
            }
            return evaluator.eval(v.expr(), location);
        }

        /** Every section must end inside user space, and one kept in the file must fit the size limit. */
        private void checkRoom(Item item) throws AsmException {
            long end = location + item.size;
            if (end > Flx.USER_TOP) {
                full = true;
                throw new AsmException(item.pos(), String.format("%s would run past the end of user space (0x%08x)",
                        section.directive, Flx.USER_TOP));
            }
            if (section.holdsFileBytes() && end - new Extent(start, end).vaddr() > MAX_FILE_SECTION) {
                full = true;
                throw new AsmException(item.pos(), section.directive + " would be larger than "
                        + (MAX_FILE_SECTION >> 20) + " MiB");
            }
        }
    }
}
