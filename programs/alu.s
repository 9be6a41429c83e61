; alu.s: the register-register and register-immediate arithmetic, logic,
; shift and compare instructions, each result printed. Wrapping adds, the
; low half of products, shifts that use only the low five bits of the
; amount, and signed against unsigned comparison.
;! stdout: add wraps: 0x80000000\n
;! stdout: sub wraps: 0x7fffffff\n
;! stdout: mul low: 0x00000000\n
;! stdout: mul signed: -21\n
;! stdout: mul big: 0x242d2080\n
;! stdout: and: 0x00f000f0\n
;! stdout: or: 0x0ff00ff0\n
;! stdout: xor: 0x0f000f00\n
;! stdout: shl 33: 0x00000002\n
;! stdout: shr 36: 0x08000000\n
;! stdout: sar 35: 0xf0000000\n
;! stdout: shl 32: 0x00000001\n
;! stdout: shli 31: 0x80000000\n
;! stdout: shri 40: 0x00800000\n
;! stdout: sari 4: 0xf8000000\n
;! stdout: slt -1<1: 1\n
;! stdout: sltu -1<1: 0\n
;! stdout: slt 1<-1: 0\n
;! stdout: sltu 1<-1: 1\n
;! stdout: slti: 1\n
;! stdout: sltiu: 0\n
;! stdout: addi -1: -1\n
;! stdout: andi -16: 0x12345670\n
;! stdout: ori: 0x1234567f\n
;! stdout: xori -1: 0xedcba987\n
;! stdout: not: 0xedcba987\n
;! stdout: neg: -305419896\n
;! stdout: r0 stays 0: 0\n
;! stdout: mov: 0x12345678\n
        .text
_start: li    s0, 0x12345678

        li    t0, 0x7fffffff
        li    t1, 1
        add   a1, t0, t1
        la    a0, m_add
        call  sayx
        li    t0, 0x80000000
        li    t1, 1
        sub   a1, t0, t1
        la    a0, m_sub
        call  sayx
        li    t0, 0x10000
        mul   a1, t0, t0
        la    a0, m_mull
        call  sayx
        li    t0, -3
        li    t1, 7
        mul   a1, t0, t1
        la    a0, m_muls
        call  say
        li    t0, 0x12345678
        li    t1, 0x9abcdef0
        mul   a1, t0, t1
        la    a0, m_mulb
        call  sayx

        li    t0, 0x0ff000f0
        li    t1, 0x00f00ff0
        and   a1, t0, t1
        la    a0, m_and
        call  sayx
        li    t0, 0x0ff000f0
        li    t1, 0x00f00ff0
        or    a1, t0, t1
        la    a0, m_or
        call  sayx
        li    t0, 0x0ff000f0
        li    t1, 0x00f00ff0
        xor   a1, t0, t1
        la    a0, m_xor
        call  sayx

        li    t0, 1
        li    t1, 33
        shl   a1, t0, t1
        la    a0, m_shl33
        call  sayx
        li    t0, 0x80000000
        li    t1, 36
        shr   a1, t0, t1
        la    a0, m_shr36
        call  sayx
        li    t0, 0x80000000
        li    t1, 35
        sar   a1, t0, t1
        la    a0, m_sar35
        call  sayx
        li    t0, 1
        li    t1, 32
        shl   a1, t0, t1
        la    a0, m_shl32
        call  sayx
        li    t0, 1
        shli  a1, t0, 31
        la    a0, m_shli
        call  sayx
        li    t0, 0x80000000
        shri  a1, t0, 40
        la    a0, m_shri
        call  sayx
        li    t0, 0x80000000
        sari  a1, t0, 4
        la    a0, m_sari
        call  sayx

        li    t0, -1
        li    t1, 1
        slt   a1, t0, t1
        la    a0, m_slt1
        call  say
        li    t0, -1
        li    t1, 1
        sltu  a1, t0, t1
        la    a0, m_sltu1
        call  say
        li    t0, 1
        li    t1, -1
        slt   a1, t0, t1
        la    a0, m_slt2
        call  say
        li    t0, 1
        li    t1, -1
        sltu  a1, t0, t1
        la    a0, m_sltu2
        call  say
        li    t0, -5
        slti  a1, t0, -4
        la    a0, m_slti
        call  say
        li    t0, -5
        sltiu a1, t0, 4
        la    a0, m_sltiu
        call  say

        li    t0, 0
        addi  a1, t0, -1
        la    a0, m_addi
        call  say
        andi  a1, s0, -16
        la    a0, m_andi
        call  sayx
        ori   a1, s0, 0xf
        la    a0, m_ori
        call  sayx
        xori  a1, s0, -1
        la    a0, m_xori
        call  sayx
        not   a1, s0
        la    a0, m_not
        call  sayx
        neg   a1, s0
        la    a0, m_neg
        call  say
        li    zero, 99              ; discarded
        addi  zero, zero, 5         ; discarded too
        mov   a1, zero
        la    a0, m_r0
        call  say
        mov   a1, s0
        la    a0, m_mov
        call  sayx
        li    a0, 0
        sys   exit

        .rodata
m_add:   .asciz "add wraps: "
m_sub:   .asciz "sub wraps: "
m_mull:  .asciz "mul low: "
m_muls:  .asciz "mul signed: "
m_mulb:  .asciz "mul big: "
m_and:   .asciz "and: "
m_or:    .asciz "or: "
m_xor:   .asciz "xor: "
m_shl33: .asciz "shl 33: "
m_shr36: .asciz "shr 36: "
m_sar35: .asciz "sar 35: "
m_shl32: .asciz "shl 32: "
m_shli:  .asciz "shli 31: "
m_shri:  .asciz "shri 40: "
m_sari:  .asciz "sari 4: "
m_slt1:  .asciz "slt -1<1: "
m_sltu1: .asciz "sltu -1<1: "
m_slt2:  .asciz "slt 1<-1: "
m_sltu2: .asciz "sltu 1<-1: "
m_slti:  .asciz "slti: "
m_sltiu: .asciz "sltiu: "
m_addi:  .asciz "addi -1: "
m_andi:  .asciz "andi -16: "
m_ori:   .asciz "ori: "
m_xori:  .asciz "xori -1: "
m_not:   .asciz "not: "
m_neg:   .asciz "neg: "
m_r0:    .asciz "r0 stays 0: "
m_mov:   .asciz "mov: "

        .include "lib/io.s"
