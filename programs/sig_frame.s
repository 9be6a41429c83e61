; sig_frame.s: a SIGSEGV handler that repairs the fault and returns. The
; handler gets a0 = signal, a1 = TVAL, a2 = CAUSE, a3 = sp = the frame at
; (old sp - 80) & ~15, holding r0-r15 at 0..60, the faulting pc at 64, and
; signal, TVAL and CAUSE at 68, 72, 76. It makes the page readable with
; mprotect; sigreturn restores every register and restarts the load, which
; now succeeds.
;! stdout: a0, the signal: 11\n
;! stdout: a1 is the fault address: 1\n
;! stdout: a2, the cause: 1\n
;! stdout: a3 equals sp: 1\n
;! stdout: frame at (old sp - 80) & ~15: 1\n
;! stdout: frame r0 slot: 0\n
;! stdout: frame holds s0, t2, fp: 1\n
;! stdout: frame pc is the faulting load: 1\n
;! stdout: frame signal, cause: 11 1\n
;! stdout: frame tval is the fault address: 1\n
;! stdout: registers restored: 1\n
;! stdout: the restarted load read: 119\n
;! stdout: handler calls: 1\n
        .text
_start: li    a0, SIGSEGV
        la    a1, handler
        sys   sigaction
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s1, a0
        li    t0, 119
        sw    t0, 0x123(s1)
        mov   a0, s1
        li    a1, PAGE_SIZE
        li    a2, PROT_NONE
        sys   mprotect
        li    s0, 0x5050
        li    t2, 1234
        li    fp, 0x4444
        mov   s2, sp
        li    t3, -1
fault:  lw    t3, 0x123(s1)         ; SIGSEGV: the page has no access at all
        li    t0, 1234              ; did sigreturn restore what the handler changed?
        sub   t0, t2, t0
        li    t1, 0x5050
        sub   t1, s0, t1
        or    t0, t0, t1
        li    t1, 0x4444
        sub   t1, fp, t1
        or    t0, t0, t1
        sub   t1, sp, s2
        or    t0, t0, t1
        sltiu s0, t0, 1
        mov   s2, t3

        la    s1, got
        lw    a1, 0(s1)
        la    a0, m_sig
        call  say
        lw    t0, 4(s1)             ; tval
        la    t1, fault_addr
        lw    t1, 0(t1)
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_tval
        call  say
        lw    a1, 8(s1)
        la    a0, m_cause
        call  say
        lw    t0, 12(s1)            ; a3
        lw    t1, 16(s1)            ; sp in the handler
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_a3sp
        call  say
        lw    t0, 12(s1)
        lw    t1, 60(s1)            ; the frame's copy of sp, the old sp
        addi  t1, t1, -80
        andi  t1, t1, -16
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_where
        call  say
        lw    a1, 20(s1)
        la    a0, m_r0
        call  say
        lw    t0, 44(s1)
        li    t1, 0x5050
        sub   t0, t0, t1
        lw    t1, 56(s1)
        li    t2, 0x4444
        sub   t1, t1, t2
        or    t0, t0, t1
        lw    t1, 36(s1)
        li    t2, 1234
        sub   t1, t1, t2
        or    t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_regs
        call  say
        lw    t0, 64(s1)
        la    t1, fault
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_pc
        call  say
        la    a0, m_sc
        call  puts
        lw    a0, 68(s1)
        call  putdec
        la    a0, m_space
        call  puts
        lw    a0, 76(s1)
        call  putdec
        call  putnl
        lw    t0, 72(s1)
        la    t1, fault_addr
        lw    t1, 0(t1)
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_ftval
        call  say
        mov   a1, s0
        la    a0, m_rest
        call  say
        mov   a1, s2
        la    a0, m_load
        call  say
        la    t0, calls
        lw    a1, 0(t0)
        la    a0, m_calls
        call  say
        li    a0, 0
        sys   exit

; The handler keeps a0..a3 and its sp at got+0..16, the frame's r0 slot at
; got+20 and the frame's words 36..76 at the same offsets of got; then it
; changes t2, s0 and fp, and makes the page readable.
handler:
        la    t0, got
        sw    a0, 0(t0)
        sw    a1, 4(t0)
        sw    a2, 8(t0)
        sw    a3, 12(t0)
        sw    sp, 16(t0)
        lw    t1, 0(a3)             ; r0 slot
        sw    t1, 20(t0)
        lw    t1, 36(a3)            ; t2 = r9
        sw    t1, 36(t0)
        lw    t1, 44(a3)            ; s0 = r11
        sw    t1, 44(t0)
        lw    t1, 56(a3)            ; fp = r14
        sw    t1, 56(t0)
        lw    t1, 60(a3)            ; sp = r15
        sw    t1, 60(t0)
        lw    t1, 64(a3)            ; pc
        sw    t1, 64(t0)
        lw    t1, 68(a3)            ; signal
        sw    t1, 68(t0)
        lw    t1, 72(a3)            ; tval
        sw    t1, 72(t0)
        lw    t1, 76(a3)            ; cause
        sw    t1, 76(t0)
        lw    t1, 48(a3)            ; s1 = r12, the page: where the load aimed
        addi  t1, t1, 0x123
        la    t2, fault_addr
        sw    t1, 0(t2)
        la    t2, calls
        lw    t3, 0(t2)
        addi  t3, t3, 1
        sw    t3, 0(t2)
        li    t2, 9999              ; clobber: sigreturn must undo these
        li    s0, 7
        li    fp, 8
        andi  a0, a1, -PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        sys   sigreturn

        .bss
got:    .space 80
fault_addr: .space 4
calls:  .space 4

        .rodata
m_sig:   .asciz "a0, the signal: "
m_tval:  .asciz "a1 is the fault address: "
m_cause: .asciz "a2, the cause: "
m_a3sp:  .asciz "a3 equals sp: "
m_where: .asciz "frame at (old sp - 80) & ~15: "
m_r0:    .asciz "frame r0 slot: "
m_regs:  .asciz "frame holds s0, t2, fp: "
m_pc:    .asciz "frame pc is the faulting load: "
m_sc:    .asciz "frame signal, cause: "
m_space: .asciz " "
m_ftval: .asciz "frame tval is the fault address: "
m_rest:  .asciz "registers restored: "
m_load:  .asciz "the restarted load read: "
m_calls: .asciz "handler calls: "

        .include "lib/io.s"
