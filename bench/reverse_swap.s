; reverse_swap.s (bench/reverse): thrash.s run ten times longer, about 10
; million instructions in which nearly every page touch is a swap-out and a
; swap-in. The worst case for going back by re-execution: every instruction
; of the replay is as slow as the run was.
        .equ  PAGES, 1024
        .text
_start: li    s1, 2000
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
