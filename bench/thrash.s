; thrash.s (bench e): a working set four times the memory. 1024 pages are
; written in a loop, 200 passes, with --frames 256: nearly every touch is a
; swap-out of one page and a swap-in (major fault) of another. Measures major
; faults per second.
        .equ  PAGES, 1024
        .text
_start: li    s1, 200
        li    a0, PAGES * PAGE_SIZE
        sys   sbrk
        mov   s0, a0
pass:   mov   t0, s0
        li    t1, PAGES * PAGE_SIZE
        add   t1, t1, s0
loop:   lw    t2, 0(t0)
        addi  t2, t2, 1
        sw    t2, 0(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, t1, loop
        addi  s1, s1, -1
        bnez  s1, pass
        li    a0, 0
        sys   exit
