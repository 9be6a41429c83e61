; fork_bomb_small.s: a fork bomb on a small machine. Process 1 forks until
; fork fails; every child stores on its stack (a copy-on-write copy), tries
; to fork a grandchild of its own, reaps it, and exits 0. With 24 frames the
; page tables run short long before the process limit, so fork says -ENOMEM
; (docs/kernel.md: fork keeps a reserve) and never makes the OOM killer take
; anyone; with more frames it says -EAGAIN. Either way process 1 reaps every
; child, and each one exited 0, so the output is the same in every run.
;! args: --frames 24
;! stdout: fork stopped with ENOMEM or EAGAIN: 1\n
;! stdout: children reaped = children forked: 1\n
;! stdout: every child exited 0: 1\n
;! stdout: then wait returned: -10\n
        .text
_start: li    s0, 0                 ; children forked
        li    s1, 0                 ; the error that stopped fork
more:   sys   fork
        beqz  a0, child
        blt   a0, zero, full
        addi  s0, s0, 1
        j     more

child:  li    t0, 7
        push  t0                    ; a store to the shared stack page: a copy
        sys   fork
        beqz  a0, grand
        blt   a0, zero, alone
        li    a0, 0
        sys   wait
alone:  pop   t0
        li    a0, 0
        sys   exit
grand:  li    a0, 0
        sys   exit

full:   mov   s1, a0
        li    s2, 0                 ; reaped
        li    fp, 0                 ; the or of their statuses
reap:   la    a0, status
        sys   wait
        blt   a0, zero, empty
        addi  s2, s2, 1
        la    t0, status
        lw    t0, 0(t0)
        or    fp, fp, t0
        j     reap
empty:  push  a0                    ; what wait said at the end
        li    a1, 0                 ; -ENOMEM (-12) or -EAGAIN (-11)
        li    t0, -12
        beq   s1, t0, stop_ok
        li    t0, -11
        bne   s1, t0, stop_bad
stop_ok: li   a1, 1
stop_bad: la  a0, m_stop
        call  say
        li    a1, 0
        bne   s0, s2, count_bad
        li    a1, 1
count_bad: la a0, m_count
        call  say
        li    a1, 0
        bnez  fp, st_bad
        li    a1, 1
st_bad: la    a0, m_status
        call  say
        pop   a1
        la    a0, m_wait
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_stop:   .asciz "fork stopped with ENOMEM or EAGAIN: "
m_count:  .asciz "children reaped = children forked: "
m_status: .asciz "every child exited 0: "
m_wait:   .asciz "then wait returned: "
        .bss
status: .space 4

        .include "lib/io.s"
