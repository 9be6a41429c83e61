; swap_children.s: three children, each filling and checking 24 pages of its
; own, together need far more than 32 frames. The scheduler switches them
; every 50 instructions, so their pages push each other out to swap and come
; back; each child still finds exactly what it wrote.
;! args: --frames 32 --swap 512 --quantum 50
;! stdout: children that found their pages intact: 3\n
;! stdout: parent's pages still zero: 1\n
;! stats: forks=3 swap_outs>=20 swap_ins>=20
        .equ  NPAGES, 24
        .text
_start: li    s1, 3
spawn:  sys   fork
        beqz  a0, child
        addi  s1, s1, -1
        bnez  s1, spawn
        li    s1, 3
        li    s2, 0                 ; children that exited 0
reap:   la    a0, status
        sys   wait
        la    t0, status
        lw    t0, 0(t0)
        bnez  t0, reaped
        addi  s2, s2, 1
reaped: addi  s1, s1, -1
        bnez  s1, reap
        mov   a1, s2
        la    a0, m_kids
        call  say
        la    s0, pages
        li    t0, 0
        li    t1, 0
pzero:  shli  t2, t0, 12
        add   t2, s0, t2
        lw    t2, 4(t2)
        or    t1, t1, t2
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, pzero
        sltiu a1, t1, 1
        la    a0, m_zero
        call  say
        li    a0, 0
        sys   exit

; a child: page i gets pid*1000 + i at four places, written twice over with
; yields in between, then checked twice.
child:  sys   getpid
        li    t0, 1000
        mul   s1, a0, t0
        la    s0, pages
        li    fp, 2
cround: li    t0, 0
cfill:  shli  t1, t0, 12
        add   t1, s0, t1
        add   t2, s1, t0
        sw    t2, 4(t1)
        sw    t2, 1024(t1)
        sw    t2, 2048(t1)
        sw    t2, 4088(t1)
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, cfill
        sys   yield
        addi  fp, fp, -1
        bnez  fp, cround
        li    fp, 2
ccheck: li    t0, 0
cnext:  shli  t1, t0, 12
        add   t1, s0, t1
        add   t2, s1, t0
        lw    t3, 4(t1)
        bne   t3, t2, cbad
        lw    t3, 1024(t1)
        bne   t3, t2, cbad
        lw    t3, 2048(t1)
        bne   t3, t2, cbad
        lw    t3, 4088(t1)
        bne   t3, t2, cbad
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, cnext
        sys   yield
        addi  fp, fp, -1
        bnez  fp, ccheck
        li    a0, 0
        sys   exit
cbad:   li    a0, 1
        sys   exit

        .bss
status: .space 4
        .align PAGE_SIZE
pages:  .space NPAGES * PAGE_SIZE

        .rodata
m_kids: .asciz "children that found their pages intact: "
m_zero: .asciz "parent's pages still zero: "

        .include "lib/io.s"
