; rmw_pages.s (bench b): read-modify-write of one word per page over 64 MiB
; (16384 pages), 200 passes. The first pass takes one demand-zero fault per
; page; the rest measure TLB misses and page-table walks (the TLB holds far
; fewer than 16384 entries).  Run with --frames 20000.
        .equ  PAGES, 16384
        .text
_start: li    s1, 200
        li    a0, PAGES * PAGE_SIZE
        sys   sbrk
        mov   s2, a0
pass:   mov   t0, s2
        li    t1, PAGES * PAGE_SIZE
        add   t1, t1, s2
loop:   lw    t2, 0(t0)
        addi  t2, t2, 1
        sw    t2, 0(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, t1, loop
        addi  s1, s1, -1
        bnez  s1, pass
        li    a0, 0
        sys   exit
