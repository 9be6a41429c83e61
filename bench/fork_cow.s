; fork_cow.s (bench d): a process with 64 MiB resident forks; the child
; writes every page (16384 copy-on-write copies) and exits; the parent waits.
; 8 rounds. Measures fork (page-table copy) and COW fault costs.
; Run with --frames 40000.
        .equ  PAGES, 16384
        .text
_start: li    a0, PAGES * PAGE_SIZE
        sys   sbrk
        mov   s0, a0
        mov   t0, s0
        li    t1, PAGES * PAGE_SIZE
        add   s2, t1, s0
fill:   sw    t0, 0(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, s2, fill
        li    s1, 8
round:  sys   fork
        bnez  a0, parent
        mov   t0, s0
cow:    sw    t0, 4(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, s2, cow
        li    a0, 0
        sys   exit
parent: li    a0, 0
        sys   wait
        addi  s1, s1, -1
        bnez  s1, round
        li    a0, 0
        sys   exit
