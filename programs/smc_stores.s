; smc_stores.s: self-modifying code, once per kind of store. The text is
; made writable (mprotect), then eight loops, each on a page of its own,
; write the immediate of the li they run next: with sb, sh, sw, push, xchg,
; call and callr (the return address they push), and copy. Each pass must
; run the value it just wrote, so each sum is exact: 1 + 2 + ... + 1100 for
; the word and half stores, the low bytes' sum for sb, 1100 times the li's
; own address for call and callr. Under the second tier each store leaves
; the translated loop (docs/tier.md), and the retired counts, traces and
; statistics must equal the interpreter's (ProgramsTest compares them).
;! stdout: mprotect: 0\n
;! stdout: sb: 133486\n
;! stdout: sh: 605550\n
;! stdout: sw: 605550\n
;! stdout: push: 605550\n
;! stdout: xchg: 605550\n
;! stdout: call: 99157300\n
;! stdout: callr: 103666200\n
;! stdout: copy: 605550\n
        .text
_start: li    a0, 0x10000
        la    a1, etext
        li    t0, 0x10000
        sub   a1, a1, t0
        li    a2, PROT_READ | PROT_WRITE | PROT_EXEC
        sys   mprotect
        mov   a1, a0
        la    a0, m_prot
        call  say
        call  t_sb
        mov   a1, a0
        la    a0, m_sb
        call  say
        call  t_sh
        mov   a1, a0
        la    a0, m_sh
        call  say
        call  t_sw
        mov   a1, a0
        la    a0, m_sw
        call  say
        call  t_push
        mov   a1, a0
        la    a0, m_push
        call  say
        call  t_xchg
        mov   a1, a0
        la    a0, m_xchg
        call  say
        call  t_call
        mov   a1, a0
        la    a0, m_call
        call  say
        call  t_callr
        mov   a1, a0
        la    a0, m_callr
        call  say
        call  t_copy
        mov   a1, a0
        la    a0, m_copy
        call  say
        li    a0, 0
        sys   exit

        .align 4096
t_sb: li    t0, 0
        li    s1, 0
x_sb_top:
        addi  t0, t0, 1
        la    t1, x_sb_li + 2
        sb    t0, 0(t1)
x_sb_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_sb_top
        mov   a0, s1
        ret
x_sb_ret: ret
x_sb_word: .word 0

        .align 4096
t_sh: li    t0, 0
        li    s1, 0
x_sh_top:
        addi  t0, t0, 1
        la    t1, x_sh_li + 2
        sh    t0, 0(t1)
x_sh_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_sh_top
        mov   a0, s1
        ret
x_sh_ret: ret
x_sh_word: .word 0

        .align 4096
t_sw: li    t0, 0
        li    s1, 0
x_sw_top:
        addi  t0, t0, 1
        la    t1, x_sw_li + 2
        sw    t0, 0(t1)
x_sw_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_sw_top
        mov   a0, s1
        ret
x_sw_ret: ret
x_sw_word: .word 0

        .align 4096
t_push: li    t0, 0
        li    s1, 0
x_push_top:
        addi  t0, t0, 1
        mov   a5, sp
        la    sp, x_push_li + 2 + 4
        push  t0
        mov   sp, a5
x_push_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_push_top
        mov   a0, s1
        ret
x_push_ret: ret
x_push_word: .word 0

        .align 4096
t_xchg: li    t0, 0
        li    s1, 0
x_xchg_top:
        addi  t0, t0, 1
        la    t1, x_xchg_li + 2
        mov   a4, t0
        xchg  a4, (t1)
x_xchg_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_xchg_top
        mov   a0, s1
        ret
x_xchg_ret: ret
x_xchg_word: .word 0

        .align 4096
t_call: li    t0, 0
        li    s1, 0
x_call_top:
        addi  t0, t0, 1
        mov   a5, sp
        la    sp, x_call_li + 2 + 4
        call  x_call_ret
x_call_li: li    t2, 0
        mov   sp, a5
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_call_top
        mov   a0, s1
        ret
x_call_ret: ret
x_call_word: .word 0

        .align 4096
t_callr: li    t0, 0
        li    s1, 0
x_callr_top:
        addi  t0, t0, 1
        mov   a5, sp
        la    sp, x_callr_li + 2 + 4
        la    a4, x_callr_ret
        callr a4
x_callr_li: li    t2, 0
        mov   sp, a5
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_callr_top
        mov   a0, s1
        ret
x_callr_ret: ret
x_callr_word: .word 0

        .align 4096
t_copy: li    t0, 0
        li    s1, 0
x_copy_top:
        addi  t0, t0, 1
        la    a3, x_copy_word
        sw    t0, 0(a3)
        la    a4, x_copy_li + 2
        li    a2, 4
        copy  a4, a3, a2
x_copy_li: li    t2, 0
        add   s1, s1, t2
        li    t3, 1100
        blt   t0, t3, x_copy_top
        mov   a0, s1
        ret
x_copy_ret: ret
x_copy_word: .word 0

        .include "lib/io.s"
etext:

        .rodata
m_prot: .asciz "mprotect: "

m_sb:    .asciz "sb: "
m_sh:    .asciz "sh: "
m_sw:    .asciz "sw: "
m_push:  .asciz "push: "
m_xchg:  .asciz "xchg: "
m_call:  .asciz "call: "
m_callr: .asciz "callr: "
m_copy:  .asciz "copy: "
