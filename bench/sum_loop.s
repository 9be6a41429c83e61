; sum_loop.s (bench a): the interpreter's speed on a plain loop. Sums 1 Mi
; words (4 MiB) with lw/add/addi/bne, 30 passes. After the first pass every
; access hits the TLB or the page table: this measures instructions per
; second, not faults.  Run with --frames 2048.
        .equ  WORDS, 1024 * 1024
        .text
_start: li    s1, 30
pass:   la    t0, data
        li    t1, data + WORDS * 4
        li    s0, 0
loop:   lw    t2, 0(t0)
        add   s0, s0, t2
        addi  t0, t0, 4
        bne   t0, t1, loop
        addi  s1, s1, -1
        bnez  s1, pass
        li    a0, 0
        sys   exit

        .bss
data:   .space WORDS * 4
