; hotcold.s: four hot pages used all the time, and a cold scan that touches
; each of 24 other pages once per pass (4 passes), one page between two
; rounds of hot work. A good policy keeps the hot pages and lets the cold
; ones go. Prints "hot and cold: done" at the end.
        .text
_start: la    s0, hot
        la    s1, cold
        li    s2, 4                 ; passes over the cold pages
pass:   li    a1, 0                 ; cold page index
step:   li    t1, 4                 ; one round of hot work: each hot page, 4 times
hotw:   lw    t0, 0 * PAGE_SIZE(s0)
        lw    t0, 1 * PAGE_SIZE(s0)
        lw    t0, 2 * PAGE_SIZE(s0)
        lw    t0, 3 * PAGE_SIZE(s0)
        addi  t1, t1, -1
        bnez  t1, hotw
        shli  t2, a1, 12            ; then one cold page
        add   t2, t2, s1
        lw    t0, 0(t2)
        addi  a1, a1, 1
        li    t3, 24
        bne   a1, t3, step
        addi  s2, s2, -1
        bnez  s2, pass
        li    a0, 1
        la    a1, msg
        li    a2, msg_len
        sys   write
        li    a0, 0
        sys   exit

        .rodata
msg:    .ascii "hot and cold: done\n"
        .equ  msg_len, . - msg
        .bss
hot:    .space 4 * PAGE_SIZE
cold:   .space 24 * PAGE_SIZE
