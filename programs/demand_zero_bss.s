; demand_zero_bss.s: a big .bss takes no space in the executable and no
; frames at load time: each of its pages arrives zero-filled on its first
; touch, one minor fault per page, whether the touch is a store or a load.
; The program uses no stack, so the count of demand-zero faults is exact.
;! stdout: 100 pages written and read back\n
;! stdout: 20 untouched pages read as zero\n
;! stats: demand_zero=120 minor_faults>=120 cow_copies=0 swap_outs=0 segv=0
        .equ  WRITTEN, 100
        .equ  UNTOUCHED, 20
        .text
_start: la    s0, area
        li    t0, 0
wr:     shli  t1, t0, 12            ; page i, at byte offset 40*i mod 4096
        li    t2, 40
        mul   t2, t2, t0
        andi  t2, t2, PAGE_SIZE - 4
        add   t1, t1, t2
        add   t1, s0, t1
        li    t2, 3
        mul   t2, t2, t0
        addi  t2, t2, 1             ; 3i + 1
        sw    t2, 0(t1)
        addi  t0, t0, 1
        li    t3, WRITTEN
        blt   t0, t3, wr
        li    t0, 0
        li    s1, 0
rd:     shli  t1, t0, 12
        li    t2, 40
        mul   t2, t2, t0
        andi  t2, t2, PAGE_SIZE - 4
        add   t1, t1, t2
        add   t1, s0, t1
        lw    t2, 0(t1)
        lw    t3, 4(t1)             ; the word after it: still zero
        add   s1, s1, t2
        add   s1, s1, t3
        addi  t0, t0, 1
        li    t3, WRITTEN
        blt   t0, t3, rd
        li    t2, 3 * WRITTEN * (WRITTEN - 1) / 2 + WRITTEN
        li    a0, 1
        bne   s1, t2, fail
        li    a0, 1
        la    a1, m_rw
        li    a2, m_rw_len
        sys   write

        li    t0, WRITTEN           ; loads from pages never written
        li    s1, 0
zr:     shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 2048(t1)
        or    s1, s1, t2
        addi  t0, t0, 1
        li    t3, WRITTEN + UNTOUCHED
        blt   t0, t3, zr
        li    a0, 2
        bnez  s1, fail
        li    a0, 1
        la    a1, m_zero
        li    a2, m_zero_len
        sys   write
        li    a0, 0
fail:   sys   exit

        .rodata
m_rw:   .ascii "100 pages written and read back\n"
        .equ  m_rw_len, . - m_rw
m_zero: .ascii "20 untouched pages read as zero\n"
        .equ  m_zero_len, . - m_zero

        .bss
area:   .space (WRITTEN + UNTOUCHED) * PAGE_SIZE
