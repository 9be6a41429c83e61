; fork_only.s: fork timed alone. A process with 64 MiB resident (16384
; pages) forks 32 times; each child exits at once, the parent waits.
; bench/run also runs it with 0 rounds and divides the difference of the two
; wall times by rounds x pages: ns per resident page per fork (the page-table
; copy, plus the child's exit that drops the shared pages again).
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
        li    s1, 32
        beqz  s1, done
round:  sys   fork
        bnez  a0, parent
        li    a0, 0
        sys   exit
parent: li    a0, 0
        sys   wait
        addi  s1, s1, -1
        bnez  s1, round
done:   li    a0, 0
        sys   exit
