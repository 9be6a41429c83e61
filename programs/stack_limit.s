; stack_limit.s: the stack may grow to exactly 1 MiB below 0x80000000. A push
; onto the lowest allowed page works (the area grows over the pages between,
; which stay untouched); a push one word lower is a segmentation fault.
;! stdout: lowest stack page reads: 0\n
;! stdout: push onto it: 1\n
;! exit: 139
;! stderr-contains: SIGSEGV
        .equ  LOWEST, 0x80000000 - 0x100000
        .text
_start: li    t0, LOWEST
        lw    a1, 0(t0)             ; stack growth: a zero page
        la    a0, m_read
        call  say
        mov   s0, sp
        li    sp, LOWEST + 16
        li    t0, 77
        push  t0                    ; stores at LOWEST + 12
        lw    t1, 0(sp)
        mov   sp, s0
        li    t2, 77
        sub   t1, t1, t2
        sltiu a1, t1, 1
        la    a0, m_push
        call  say
        li    sp, LOWEST
        push  t0                    ; LOWEST - 4: beyond the limit
        li    a0, 0                 ; never reached
        sys   exit

        .rodata
m_read: .asciz "lowest stack page reads: "
m_push: .asciz "push onto it: "

        .include "lib/io.s"
