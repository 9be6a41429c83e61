; oom_spares_init.s: process 1 holds the largest resident set (60 pages),
; then its child unmaps its copy of them and keeps touching new pages with
; no swap until memory runs out. The OOM killer never picks process 1 while another process lives
; (docs/kernel.md), so the child dies (SIGKILL: 137) and process 1 goes on with
; every one of its pages intact. The output depends on the memory size.
;! args: --frames 96 --swap 0
;! transparent: no
;! stdout: the child was killed: 137\n
;! stdout: process 1's pages intact: 1\n
;! stderr-contains: out of memory: killed process 2
        .equ  MINE, 60
        .equ  CHILD, 400
        .text
_start: la    s0, mine
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, MINE
        blt   t0, t2, fill
        sys   fork
        bnez  a0, parent
        mov   a0, s0                ; the child lets go of process 1's pages
        li    a1, MINE * PAGE_SIZE
        sys   munmap
        la    s0, theirs
        li    t0, 0
grab:   shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, CHILD
        blt   t0, t2, grab
        li    a0, 0                 ; 400 pages never fit in 96 frames
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_killed
        call  say
        li    a1, 1                 ; check every page of process 1
        li    t0, 0
check:  shli  t1, t0, 12
        add   t1, s0, t1
        lw    t1, 0(t1)
        beq   t1, t0, same
        li    a1, 0
same:   addi  t0, t0, 1
        li    t2, MINE
        blt   t0, t2, check
        la    a0, m_intact
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_killed: .asciz "the child was killed: "
m_intact: .asciz "process 1's pages intact: "
        .bss
status: .space 4
        .align 4096
mine:   .space MINE * 4096
theirs: .space CHILD * 4096

        .include "lib/io.s"
