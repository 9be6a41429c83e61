; stack_grow.s: the stack starts as one page and grows down on faults. A
; recursion 2000 calls deep, 64 bytes a call, takes the stack over 31 pages;
; every frame still holds its own values when the calls return.
;! stdout: sum(2000) = 2001000\n
;! stdout: frames intact: 1\n
;! stdout: deep page is in the stack area: 1\n
;! stdout: beyond the 1 MiB limit is not: 0\n
;! stats: segv=0
        .text
_start: li    a0, 2000
        call  sum
        mov   a1, a0
        la    a0, m_sum
        call  say
        la    t0, broken
        lw    t0, 0(t0)
        sltiu a1, t0, 1
        la    a0, m_intact
        call  say
        li    a0, 0x80000000 - 30 * PAGE_SIZE
        sys   pginfo
        andi  a1, a0, 1
        la    a0, m_deep
        call  say
        li    a0, 0x80000000 - 256 * PAGE_SIZE - PAGE_SIZE
        sys   pginfo
        andi  a1, a0, 1
        la    a0, m_limit
        call  say
        li    a0, 0
        sys   exit

; sum(a0 = n) = n + (n-1) + ... + 0, with a 60-byte local frame per call
; holding n at both ends.
sum:    addi  sp, sp, -60
        sw    a0, 0(sp)
        sw    a0, 56(sp)
        beqz  a0, sum0
        addi  a0, a0, -1
        call  sum
        lw    t0, 0(sp)
        lw    t1, 56(sp)
        bne   t0, t1, bad
        add   a0, a0, t0
        addi  sp, sp, 60
        ret
sum0:   addi  sp, sp, 60
        ret
bad:    la    t2, broken
        li    t3, 1
        sw    t3, 0(t2)
        add   a0, a0, t0
        addi  sp, sp, 60
        ret

        .bss
broken: .space 4

        .rodata
m_sum:    .asciz "sum(2000) = "
m_intact: .asciz "frames intact: "
m_deep:   .asciz "deep page is in the stack area: "
m_limit:  .asciz "beyond the 1 MiB limit is not: "

        .include "lib/io.s"
