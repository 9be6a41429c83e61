; cow_big.s: fork of a process that holds more than half of physical memory.
; With 64 frames and no swap, a process with 40 resident pages can fork only
; because fork copies no page: the child shares all 40 and copies just the
; three it writes.
;! args: --frames 64 --swap 0
;! min-frames: 64
;! stdout: child changed 3 pages and saw the other 37 unchanged\n
;! stdout: parent still has its 40 pages\n
;! stats: forks=1 cow_copies=3 swap_outs=0
        .equ  NPAGES, 40
        .text
_start: la    s0, pages
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        li    t2, 1000
        add   t2, t2, t0
        sw    t2, 0(t1)             ; page i holds 1000 + i
        sw    t2, 4092(t1)
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, fill

        sys   fork
        bnez  a0, parent
        li    t0, 7                 ; the child writes pages 5, 17 and 33
        sw    t0, 5 * PAGE_SIZE(s0)
        sw    t0, 17 * PAGE_SIZE(s0)
        sw    t0, 33 * PAGE_SIZE(s0)
        li    t0, 0
        li    s1, 0                 ; pages that differ from 1000 + i at the start
ccheck: shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)
        li    t3, 1000
        add   t3, t3, t0
        beq   t2, t3, csame
        addi  s1, s1, 1
csame:  lw    t2, 4092(t1)
        bne   t2, t3, cbad
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, ccheck
        li    t0, 3
        bne   s1, t0, cbad
        li    a0, 1
        la    a1, m_child
        li    a2, m_child_len
        sys   write
        li    a0, 0
        sys   exit
cbad:   li    a0, 1
        sys   exit

parent: la    a0, status
        sys   wait
        la    t0, status
        lw    t0, 0(t0)
        li    a0, 2
        bnez  t0, pexit
        li    t0, 0
pcheck: shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)
        li    t3, 1000
        add   t3, t3, t0
        li    a0, 3
        bne   t2, t3, pexit
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, pcheck
        li    a0, 1
        la    a1, m_parent
        li    a2, m_parent_len
        sys   write
        li    a0, 0
pexit:  sys   exit

        .rodata
m_child: .ascii "child changed 3 pages and saw the other 37 unchanged\n"
        .equ  m_child_len, . - m_child
m_parent: .ascii "parent still has its 40 pages\n"
        .equ  m_parent_len, . - m_parent

        .bss
pages:  .space NPAGES * PAGE_SIZE
status: .space 4                    ; a page of its own, untouched before the fork
