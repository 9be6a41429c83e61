; memops.s: byte, half and word loads (sign- and zero-extending), partial
; stores that change only their own bytes, negative offsets, and misaligned
; words and halves inside one page. Memory is little-endian.
;! stdout: lb: -69\n
;! stdout: lbu: 187\n
;! stdout: lh: -21829\n
;! stdout: lhu: 43707\n
;! stdout: lb +3: -120\n
;! stdout: lh +2: -30567\n
;! stdout: lhu +2: 34969\n
;! stdout: sb: 0x1122aa44\n
;! stdout: sh: 0xbeefaa44\n
;! stdout: sb low byte: 0x00000078\n
;! stdout: lw -4: 0x8899aabb\n
;! stdout: misaligned lw +4: 0xadbeef00\n
;! stdout: misaligned lw +6: 0x00deadbe\n
;! stdout: misaligned lh +7: -8531\n
        .text
_start: la    s0, word
        lb    a1, 0(s0)
        la    a0, m_lb
        call  say
        lbu   a1, 0(s0)
        la    a0, m_lbu
        call  say
        lh    a1, 0(s0)
        la    a0, m_lh
        call  say
        lhu   a1, 0(s0)
        la    a0, m_lhu
        call  say
        lb    a1, 3(s0)
        la    a0, m_lb3
        call  say
        lh    a1, 2(s0)
        la    a0, m_lh2
        call  say
        lhu   a1, 2(s0)
        la    a0, m_lhu2
        call  say

        la    s1, buf
        li    t0, 0x11223344
        sw    t0, 0(s1)
        li    t0, 0xaa
        sb    t0, 1(s1)
        lw    a1, 0(s1)
        la    a0, m_sb
        call  sayx
        li    t0, 0xbeef
        sh    t0, 2(s1)
        lw    a1, 0(s1)
        la    a0, m_sh
        call  sayx
        li    t0, 0x12345678
        sb    t0, 16(s1)
        lw    a1, 16(s1)
        la    a0, m_sbl
        call  sayx
        addi  t0, s0, 4
        lw    a1, -4(t0)
        la    a0, m_neg
        call  sayx

        addi  s2, s1, 32            ; fresh zero bytes
        li    t0, 0xdeadbeef
        sw    t0, 5(s2)
        lw    a1, 4(s2)
        la    a0, m_mis4
        call  sayx
        lw    a1, 6(s2)
        la    a0, m_mis6
        call  sayx
        lh    a1, 7(s2)
        la    a0, m_mish
        call  say
        li    a0, 0
        sys   exit

        .data
word:   .word 0x8899aabb

        .bss
buf:    .space 64

        .rodata
m_lb:   .asciz "lb: "
m_lbu:  .asciz "lbu: "
m_lh:   .asciz "lh: "
m_lhu:  .asciz "lhu: "
m_lb3:  .asciz "lb +3: "
m_lh2:  .asciz "lh +2: "
m_lhu2: .asciz "lhu +2: "
m_sb:   .asciz "sb: "
m_sh:   .asciz "sh: "
m_sbl:  .asciz "sb low byte: "
m_neg:  .asciz "lw -4: "
m_mis4: .asciz "misaligned lw +4: "
m_mis6: .asciz "misaligned lw +6: "
m_mish: .asciz "misaligned lh +7: "

        .include "lib/io.s"
