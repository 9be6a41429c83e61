; swap_dirty_again.s: a page goes out to swap, comes back in (it stays in
; the swap cache, clean with respect to its slot), is written again, and is
; forced out a second time. Being dirty now, it must be written to swap
; again: reading it back must give the second value, never the first. Every
; step is forced by touching more pages than there are frames, so this
; happens on every run, with every policy. The sweeps are written out in line,
; so no return address on the stack depends on what is being tested.
;! args: --frames 16
;! stdout: first value back: 1111\n
;! stdout: second value back: 2222\n
;! stdout: the neighbour kept its value: 3333\n
;! stats: swap_ins>=2
        .equ  SWEEP, 40                ; more pages than frames: pushes everything else out
        .text
_start: la    s0, target
        li    t0, 1111
        sw    t0, 0(s0)
        li    t0, 3333
        sw    t0, 4096(s0)          ; a neighbour that is only ever read
        la    t1, other             ; sweep: target goes out to swap
        li    t0, 0
sweep1: shli  t2, t0, 12
        add   t2, t1, t2
        sw    t0, 0(t2)
        addi  t0, t0, 1
        li    t2, SWEEP
        blt   t0, t2, sweep1
        lw    a1, 0(s0)             ; ... and comes back in: now in the swap cache
        la    a0, m_first
        call  say
        li    t0, 2222
        sw    t0, 0(s0)             ; dirty again after the swap-in
        la    t1, other             ; sweep: out again, and it must be written again
        li    t0, 0
sweep2: shli  t2, t0, 12
        add   t2, t1, t2
        sw    t0, 0(t2)
        addi  t0, t0, 1
        li    t2, SWEEP
        blt   t0, t2, sweep2
        lw    a1, 0(s0)
        la    a0, m_second
        call  say
        lw    a1, 4096(s0)
        la    a0, m_neigh
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_first:  .asciz "first value back: "
m_second: .asciz "second value back: "
m_neigh:  .asciz "the neighbour kept its value: "
        .bss
        .align 4096
target: .space 2 * 4096
other:  .space SWEEP * 4096

        .include "lib/io.s"
