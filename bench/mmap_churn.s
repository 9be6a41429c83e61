; mmap_churn.s (bench c): map 64 MiB of anonymous memory, touch every page
; (16384 demand-zero faults), unmap it; 16 rounds. Measures the cost of a
; demand-zero fault and of tearing an area down.  Run with --frames 20000.
        .equ  PAGES, 16384
        .text
_start: li    s1, 16
round:  li    a0, 0
        li    a1, PAGES * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0
        mov   t0, s0
        li    t1, PAGES * PAGE_SIZE
        add   t1, t1, s0
touch:  sw    t0, 0(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, t1, touch
        mov   a0, s0
        li    a1, PAGES * PAGE_SIZE
        sys   munmap
        addi  s1, s1, -1
        bnez  s1, round
        li    a0, 0
        sys   exit
