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

        .include "lib/smc_loops.s"

        .include "lib/io.s"
etext:

        .rodata
m_prot: .asciz "mprotect: "

        .include "lib/smc_names.s"
