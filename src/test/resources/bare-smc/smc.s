; smc.s: self-modifying code on the bare machine (paging off, kernel mode),
; once per kind of store: eight loops, each on a page of its own, write the
; immediate of the li they run next with sb, sh, sw, push, xchg, call, callr
; (the return address they push) and copy, and print each loop's sum.
; BareSelfModifyingCodeTest runs it under both tiers. The bare machine has a
; device, so every data access takes the CPU's checked slow path: these are
; the second tier's exits after a store that misses its inline TLB probe.
; puts, putdec and CONSOLE come from the bare examples' console.s.
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

        .include "../../../../examples/bare/console.s"

        .include "../../../../programs/lib/smc_loops.s"

        .rodata
        .include "../../../../programs/lib/smc_names.s"
