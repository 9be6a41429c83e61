; fork_bomb.s: fork until the process table is full. With the default limit
; of 64 processes (zombies included) process 1 gets 63 children, then fork
; fails with -EAGAIN. The children exit at once; the parent reaps every one
; (pids 2..64) until wait says -ECHILD, and then fork works again, with the
; next pid in order.
;! min-frames: 256
;! stdout: children forked: 63\n
;! stdout: then fork returned: -11\n
;! stdout: children reaped: 63\n
;! stdout: sum of their pids: 2079\n
;! stdout: then wait returned: -10\n
;! stdout: a new child after that: 65\n
;! stats: forks=64 processes_max=64
        .text
_start: li    s0, 0
more:   sys   fork
        beqz  a0, child
        blt   a0, zero, full
        addi  s0, s0, 1
        j     more
child:  li    a0, 0
        sys   exit

full:   mov   s1, a0
        li    s2, 0                 ; reaped
        li    fp, 0                 ; sum of pids
reap:   li    a0, 0
        sys   wait
        blt   a0, zero, empty
        addi  s2, s2, 1
        add   fp, fp, a0
        j     reap
empty:  push  a0
        mov   a1, s0
        la    a0, m_forked
        call  say
        mov   a1, s1
        la    a0, m_failed
        call  say
        mov   a1, s2
        la    a0, m_reaped
        call  say
        mov   a1, fp
        la    a0, m_sum
        call  say
        pop   a1
        la    a0, m_wait
        call  say
        sys   fork
        beqz  a0, child
        mov   s0, a0
        li    a0, 0
        sys   wait
        mov   a1, s0
        la    a0, m_again
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_forked: .asciz "children forked: "
m_failed: .asciz "then fork returned: "
m_reaped: .asciz "children reaped: "
m_sum:    .asciz "sum of their pids: "
m_wait:   .asciz "then wait returned: "
m_again:  .asciz "a new child after that: "

        .include "lib/io.s"
