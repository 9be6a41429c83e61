; smc_loops.s: the eight self-modifying loops shared by programs/smc_stores.s
; (under the kernel) and src/test/resources/bare-smc/smc.s (on the bare
; machine). Each t_KIND, on a page of its own, writes the immediate of the li
; it runs next with one kind of store (sb, sh, sw, push, xchg, call, callr,
; copy), 1100 times, and returns the sum of what the li loaded in a0.
; Clobbers t0 .. t3, s1, a2 .. a5. Include it in .text.
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
