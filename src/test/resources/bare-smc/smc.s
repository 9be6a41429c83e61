; smc.s: self-modifying code on the bare machine (paging off, kernel mode),
; once per kind of store: eight loops, each on a page of its own, write the
; immediate of the li they run next with sb, sh, sw, push, xchg, call, callr
; (the return address they push) and copy, and print each loop's sum.
; BareSelfModifyingCodeTest runs it under both tiers. The bare machine has a
; device, so every data access takes the CPU's checked slow path: these are
; the second tier's exits after a store that misses its inline TLB probe.
        .equ  CONSOLE, 0xF0000000
        .text
_start: li    sp, 0x8000
        la    a0, m_sb
        call  puts
        call  t_sb
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_sh
        call  puts
        call  t_sh
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_sw
        call  puts
        call  t_sw
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_push
        call  puts
        call  t_push
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_xchg
        call  puts
        call  t_xchg
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_call
        call  puts
        call  t_call
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_callr
        call  puts
        call  t_callr
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        la    a0, m_copy
        call  puts
        call  t_copy
        call  putdec
        li    a0, 10
        li    t0, CONSOLE
        sb    a0, 0(t0)
        li    a0, 0
        halt

; puts: writes the NUL-terminated string at a0.     Clobbers a0, t0, t1.
puts:   li    t0, CONSOLE
puts_next:
        lbu   t1, 0(a0)
        beqz  t1, puts_done
        sb    t1, 0(t0)
        addi  a0, a0, 1
        jmp   puts_next
puts_done:
        ret

; putdec: writes a0 (unsigned) in decimal.          Clobbers a0, t0 .. t3.
putdec: mov   t3, sp                  ; digits go on the stack, last first
        li    t1, 10
putdec_digit:
        remu  t2, a0, t1
        addi  t2, t2, '0'
        addi  sp, sp, -1
        sb    t2, 0(sp)
        divu  a0, a0, t1
        bnez  a0, putdec_digit
        li    t0, CONSOLE
putdec_out:
        lbu   t2, 0(sp)
        sb    t2, 0(t0)
        addi  sp, sp, 1
        bne   sp, t3, putdec_out
        ret

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

        .rodata
m_sb:    .asciz "sb: "
m_sh:    .asciz "sh: "
m_sw:    .asciz "sw: "
m_push:  .asciz "push: "
m_xchg:  .asciz "xchg: "
m_call:  .asciz "call: "
m_callr: .asciz "callr: "
m_copy:  .asciz "copy: "
