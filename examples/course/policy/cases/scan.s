; scan.s: a loop over 24 pages, 6 passes. With fewer frames than pages, a
; policy that keeps the pages loaded longest ago (clock, fifo, lru) evicts
; each page just before the loop comes back to it: every touch faults.
; Prints the sum of what it read: 6 passes x (1 + 2 + ... + 24) = 1800.
        .text
_start: la    s0, pages
        li    t0, 0                 ; first write page i + 1 into each page
init:   shli  t1, t0, 12
        add   t1, s0, t1
        addi  t2, t0, 1
        sw    t2, 0(t1)
        addi  t0, t0, 1
        li    t3, 24
        blt   t0, t3, init
        li    s1, 6                 ; passes
        li    s2, 0                 ; sum
pass:   li    t0, 0
read:   shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)
        add   s2, s2, t2
        addi  t0, t0, 1
        li    t3, 24
        blt   t0, t3, read
        addi  s1, s1, -1
        bnez  s1, pass
        mov   a1, s2
        la    a0, msg
        call  putdec_line
        li    a0, 0
        sys   exit

; putdec_line: writes the text at a0, then a1 in decimal and a newline.
putdec_line:
        push  a1
        mov   a1, a0
        li    a2, 5
        li    a0, 1
        sys   write
        pop   a1
        la    t0, digits + 10
        li    t1, 10
        sb    zero, 0(t0)
        addi  t0, t0, -1
        li    t2, '\n'
        sb    t2, 0(t0)
dl_next:
        remu  t2, a1, t1
        divu  a1, a1, t1
        addi  t2, t2, '0'
        addi  t0, t0, -1
        sb    t2, 0(t0)
        bnez  a1, dl_next
        mov   a1, t0
        la    a2, digits + 10
        sub   a2, a2, t0
        li    a0, 1
        sys   write
        ret

        .rodata
msg:    .ascii "sum: "
        .bss
digits: .space 12
pages:  .space 24 * PAGE_SIZE
