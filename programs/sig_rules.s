; sig_rules.s: the rules around signal handlers. SIGKILL and numbers outside
; 1..31 cannot be given handlers; sigaction returns the previous handler.
; Ignoring SIGSEGV does not stop a faulting instruction from killing; a
; fault inside the SIGSEGV handler kills (the signal is blocked there), and
; so does a frame that cannot be pushed. A signal sent with kill arrives when
; the process returns to user mode, with the frame's pc at the next
; instruction and TVAL and CAUSE 0. Ignored SIGTERM and default SIGCHLD do
; nothing; SIGKILL always kills.
;! stdout: sigaction(SIGKILL): -22\n
;! stdout: sigaction(0): -22\n
;! stdout: sigaction(32): -22\n
;! stdout: first sigaction returns the default: 0\n
;! stdout: the second returns the first handler: 1\n
;! stdout: setting ignore returns the second: 1\n
;! stdout: ignored SIGSEGV still kills: 139\n
;! stdout: in the handler\n
;! stdout: fault inside the handler kills: 139\n
;! stdout: no room for the frame kills: 139\n
;! stdout: SIGTERM handler got: 15 0 0\n
;! stdout: its frame pc is after the kill: 1\n
;! stdout: ignored SIGTERM: still running\n
;! stdout: SIGCHLD by default: still running\n
;! stdout: SIGKILL to itself: 137\n
        .text
_start: li    a0, SIGKILL
        la    a1, h1
        sys   sigaction
        mov   a1, a0
        la    a0, m_kill
        call  say
        li    a0, 0
        la    a1, h1
        sys   sigaction
        mov   a1, a0
        la    a0, m_zero
        call  say
        li    a0, 32
        la    a1, h1
        sys   sigaction
        mov   a1, a0
        la    a0, m_32
        call  say

        li    a0, SIGSEGV
        la    a1, h1
        sys   sigaction
        mov   a1, a0
        la    a0, m_first
        call  say
        li    a0, SIGSEGV
        la    a1, h2
        sys   sigaction
        la    t0, h1
        sub   t0, a0, t0
        sltiu a1, t0, 1
        la    a0, m_second
        call  say
        li    a0, SIGSEGV
        li    a1, 1
        sys   sigaction
        la    t0, h2
        sub   t0, a0, t0
        sltiu a1, t0, 1
        la    a0, m_ign
        call  say

        sys   fork                  ; SIGSEGV is ignored (inherited): the load still kills
        beqz  a0, c_null
        la    a0, m_ignkill
        call  waitsay

        li    a0, SIGSEGV
        la    a1, h_refault
        sys   sigaction
        sys   fork
        beqz  a0, c_null
        la    a0, m_inside
        call  waitsay

        li    a0, SIGSEGV
        la    a1, h1
        sys   sigaction
        sys   fork
        beqz  a0, c_nostack
        la    a0, m_noroom
        call  waitsay

        li    a0, SIGTERM
        la    a1, h_term
        sys   sigaction
        sys   getpid
        li    a1, SIGTERM
        sys   kill
after_kill:
        la    a0, m_term
        call  puts
        la    s0, termgot
        lw    a0, 0(s0)
        call  putdec
        la    a0, m_sp
        call  puts
        lw    a0, 4(s0)
        call  putdec
        la    a0, m_sp
        call  puts
        lw    a0, 8(s0)
        call  putdec
        call  putnl
        lw    t0, 12(s0)
        la    t1, after_kill
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_termpc
        call  say

        li    a0, SIGTERM
        li    a1, 1
        sys   sigaction
        sys   getpid
        li    a1, SIGTERM
        sys   kill
        la    a0, m_ignterm
        call  puts
        sys   getpid
        li    a1, SIGCHLD
        sys   kill
        la    a0, m_chld
        call  puts

        sys   fork
        beqz  a0, c_sigkill
        la    a0, m_sigkill
        call  waitsay
        li    a0, 0
        sys   exit

c_null: lw    t0, 0(zero)
        li    a0, 0
        sys   exit
c_nostack:
        li    sp, 0x100             ; nothing is mapped there: the frame cannot be pushed
        lw    t0, 0(zero)
        li    a0, 0
        sys   exit
c_sigkill:
        sys   getpid
        li    a1, SIGKILL
        sys   kill
        li    a0, 0
        sys   exit

; waitsay(a0 = text): wait for a child and print text and its status.
waitsay:
        push  a0
        la    a0, status
        sys   wait
        pop   a0
        la    t0, status
        lw    a1, 0(t0)
        j     say

h1:     sys   sigreturn
h2:     sys   sigreturn
h_refault:
        la    a0, m_inh
        call  puts
        lw    t0, 4(zero)           ; SIGSEGV again, while SIGSEGV is blocked
        sys   sigreturn
h_term: la    t0, termgot
        sw    a0, 0(t0)
        sw    a1, 4(t0)
        sw    a2, 8(t0)
        lw    t1, 64(a3)
        sw    t1, 12(t0)
        sys   sigreturn

        .bss
status:  .space 4
termgot: .space 16

        .rodata
m_kill:    .asciz "sigaction(SIGKILL): "
m_zero:    .asciz "sigaction(0): "
m_32:      .asciz "sigaction(32): "
m_first:   .asciz "first sigaction returns the default: "
m_second:  .asciz "the second returns the first handler: "
m_ign:     .asciz "setting ignore returns the second: "
m_ignkill: .asciz "ignored SIGSEGV still kills: "
m_inh:     .asciz "in the handler\n"
m_inside:  .asciz "fault inside the handler kills: "
m_noroom:  .asciz "no room for the frame kills: "
m_term:    .asciz "SIGTERM handler got: "
m_sp:      .asciz " "
m_termpc:  .asciz "its frame pc is after the kill: "
m_ignterm: .asciz "ignored SIGTERM: still running\n"
m_chld:    .asciz "SIGCHLD by default: still running\n"
m_sigkill: .asciz "SIGKILL to itself: "

        .include "lib/io.s"
