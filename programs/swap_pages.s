; swap_pages.s: 48 pages of data with 16 frames of memory. Pages are
; swapped out to make room and swapped back in on the next touch (a major
; fault each), unchanged, in any order. No stack is used: every demand-zero
; fault is one of the 48 pages.
;! args: --frames 16 --swap 256
;! stdout: 48 pages back from swap intact\n
;! stats: demand_zero=48 swap_outs>=30 swap_ins>=30 major_faults>=30
        .equ  NPAGES, 48
        .text
_start: la    s0, pages
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        li    t2, 0x01000193
        mul   t2, t2, t0
        xori  t2, t2, 0x5a5a
        sw    t2, 0(t1)             ; word 0: a hash of i
        sw    t0, 1000(t1)          ; word 250: i
        not   t3, t2
        sw    t3, 4092(t1)          ; last word: the complement of word 0
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, fill

        li    s1, 2                 ; two passes: backwards, then forwards
        li    t0, NPAGES - 1
        li    t3, -1                ; step
pass:   shli  t1, t0, 12
        add   t1, s0, t1
        li    t2, 0x01000193
        mul   t2, t2, t0
        xori  t2, t2, 0x5a5a
        lw    a0, 0(t1)
        bne   a0, t2, bad
        lw    a0, 1000(t1)
        bne   a0, t0, bad
        lw    a0, 4092(t1)
        not   a0, a0
        bne   a0, t2, bad
        add   t0, t0, t3
        blt   t0, zero, turn
        li    a1, NPAGES
        blt   t0, a1, pass
turn:   addi  s1, s1, -1
        beqz  s1, good
        li    t0, 0
        li    t3, 1
        j     pass
good:   li    a0, 1
        la    a1, msg
        li    a2, msg_len
        sys   write
        li    a0, 0
        sys   exit
bad:    li    a0, 1
        sys   exit

        .rodata
msg:    .ascii "48 pages back from swap intact\n"
        .equ  msg_len, . - msg

        .bss
pages:  .space NPAGES * PAGE_SIZE
