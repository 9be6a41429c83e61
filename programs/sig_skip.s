; sig_skip.s: a handler that does not fix the cause but moves the saved pc
; past the faulting instruction, so sigreturn skips it. One handler serves
; SIGSEGV, SIGFPE, SIGTRAP and SIGILL; it adds the length of the instruction
; (the program tells it) to the pc at offset 64 of the frame. The skipped
; instruction has no effect.
;! stdout: lw from 0: signal 11, cause 1, tval 0\n
;! stdout: destination untouched: 55\n
;! stdout: sw to 0: signal 11, cause 2, tval 16\n
;! stdout: div by zero: signal 8, cause 6, tval 0\n
;! stdout: brk: signal 5, cause 5, tval 0\n
;! stdout: opcode 0xee: signal 4, cause 3, tval 0\n
;! stdout: halt: signal 4, cause 3, tval 0\n
;! stdout: rem by zero: signal 8, cause 6, tval 0\n
;! stdout: handled: 7\n
        .text
_start: li    s0, SIGSEGV
        call  install
        li    s0, SIGFPE
        call  install
        li    s0, SIGTRAP
        call  install
        li    s0, SIGILL
        call  install

        li    a0, 6
        call  setlen
        li    t0, 55
        lw    t0, 0(zero)
        mov   s1, t0
        la    a0, m_lw
        call  report
        mov   a1, s1
        la    a0, m_dest
        call  say

        li    a0, 6
        call  setlen
        sw    t0, 16(zero)
        la    a0, m_sw
        call  report

        li    a0, 3
        call  setlen
        li    t1, 9
        div   t0, t1, zero
        la    a0, m_div
        call  report

        li    a0, 1
        call  setlen
        brk
        la    a0, m_brk
        call  report

        li    a0, 1
        call  setlen
        .byte 0xee
        la    a0, m_ill
        call  report

        li    a0, 1
        call  setlen
        halt
        la    a0, m_halt
        call  report

        li    a0, 3
        call  setlen
        rem   t0, t1, zero
        la    a0, m_rem
        call  report

        la    t0, count
        lw    a1, 0(t0)
        la    a0, m_count
        call  say
        li    a0, 0
        sys   exit

install: mov  a0, s0
        la    a1, handler
        sys   sigaction
        ret

setlen: la    t0, skiplen
        sw    a0, 0(t0)
        ret

; report(a0 = text): "text: signal S, cause C, tval T"
report: call  puts
        la    a0, m_signal
        call  puts
        la    t0, seen
        lw    a0, 0(t0)
        call  putdec
        la    a0, m_cause
        call  puts
        la    t0, seen
        lw    a0, 8(t0)
        call  putdec
        la    a0, m_tval
        call  puts
        la    t0, seen
        lw    a0, 4(t0)
        call  putdec
        j     putnl

handler:
        la    t0, seen
        sw    a0, 0(t0)
        sw    a1, 4(t0)
        sw    a2, 8(t0)
        la    t0, count
        lw    t1, 0(t0)
        addi  t1, t1, 1
        sw    t1, 0(t0)
        la    t0, skiplen
        lw    t0, 0(t0)
        lw    t1, 64(a3)
        add   t1, t1, t0
        sw    t1, 64(a3)
        sys   sigreturn

        .bss
seen:    .space 12
count:   .space 4
skiplen: .space 4

        .rodata
m_lw:     .asciz "lw from 0"
m_dest:   .asciz "destination untouched: "
m_sw:     .asciz "sw to 0"
m_div:    .asciz "div by zero"
m_brk:    .asciz "brk"
m_ill:    .asciz "opcode 0xee"
m_halt:   .asciz "halt"
m_rem:    .asciz "rem by zero"
m_signal: .asciz ": signal "
m_cause:  .asciz ", cause "
m_tval:   .asciz ", tval "
m_count:  .asciz "handled: "

        .include "lib/io.s"
