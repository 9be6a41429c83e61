; rusage_ticks.s: a process can see its own counters. ticks counts retired
; instructions; rusage stores minor and major faults, COW copies, swap-ins,
; swap-outs, TLB misses, retired instructions and resident pages.
;! stdout: ticks went up by at least 2000: 1\n
;! stdout: minor faults at least 8: 1\n
;! stdout: cow copies: 0\n
;! stdout: retired at least 2000: 1\n
;! stdout: resident pages at least 1: 1\n
;! stdout: rusage with a bad buffer: -14\n
        .text
_start: sys   ticks
        mov   s0, a0
        la    t0, pages             ; 8 demand-zero faults, and a loop
        li    t1, 0
loop:   shli  t2, t1, 12
        add   t2, t0, t2
        sw    t1, 0(t2)
        addi  t1, t1, 1
        li    t3, 8
        blt   t1, t3, loop
        li    t1, 1000
spin:   addi  t1, t1, -1
        bnez  t1, spin
        sys   ticks
        sub   t0, a0, s0
        li    t1, 2000
        slt   t0, t0, t1
        xori  a1, t0, 1
        la    a0, m_ticks
        call  say

        la    a0, usage
        sys   rusage
        la    s1, usage
        lw    t0, 0(s1)
        li    t1, 8
        slt   t0, t0, t1
        xori  a1, t0, 1
        la    a0, m_minor
        call  say
        lw    a1, 8(s1)
        la    a0, m_cow
        call  say
        lw    t0, 24(s1)
        li    t1, 2000
        sltu  t0, t0, t1
        xori  a1, t0, 1
        la    a0, m_ret
        call  say
        lw    t0, 28(s1)
        sltu  a1, zero, t0
        la    a0, m_res
        call  say
        li    a0, 0x300
        sys   rusage
        mov   a1, a0
        la    a0, m_bad
        call  say
        li    a0, 0
        sys   exit

        .bss
usage:  .space 32
        .align PAGE_SIZE
pages:  .space 8 * PAGE_SIZE

        .rodata
m_ticks: .asciz "ticks went up by at least 2000: "
m_minor: .asciz "minor faults at least 8: "
m_cow:   .asciz "cow copies: "
m_ret:   .asciz "retired at least 2000: "
m_res:   .asciz "resident pages at least 1: "
m_bad:   .asciz "rusage with a bad buffer: "

        .include "lib/io.s"
