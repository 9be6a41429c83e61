; oom.s: with no swap and too few frames, a child that keeps touching new
; pages runs the machine out of memory. The kernel kills the process with
; the largest resident set, the child (SIGKILL: status 137), and carries on:
; the parent survives. The output depends on the memory size, so this
; program does not take part in the runs with other options.
;! args: --frames 40 --swap 0
;! transparent: no
;! stdout: the child was killed: 137\n
;! stdout: the parent survived\n
;! stderr-contains: out of memory: killed process 2
        .equ  NPAGES, 200
        .text
_start: sys   fork
        bnez  a0, parent
        la    s0, pages
        li    t0, 0
grab:   shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, grab
        li    a0, 0                 ; 200 pages never fit in 40 frames
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_killed
        call  say
        la    a0, m_alive
        call  puts
        li    a0, 0
        sys   exit

        .bss
status: .space 4
        .align PAGE_SIZE
pages:  .space NPAGES * PAGE_SIZE

        .rodata
m_killed: .asciz "the child was killed: "
m_alive:  .asciz "the parent survived\n"

        .include "lib/io.s"
