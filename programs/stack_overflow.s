; stack_overflow.s: a recursion with no end grows the stack 1 KiB a call
; until it passes the 1 MiB stack limit; the fault below the limit is a
; segmentation fault and kills the process (128 + SIGSEGV = 139).
;! stdout: diving\n
;! exit: 139
;! stderr-contains: SIGSEGV
        .text
_start: li    a0, 1
        la    a1, msg
        li    a2, 7
        sys   write
        li    a0, 0
        call  dive
        li    a0, 0                 ; never reached
        sys   exit

dive:   addi  sp, sp, -1020
        sw    a0, 0(sp)
        addi  a0, a0, 1
        call  dive
        ret

        .rodata
msg:    .ascii "diving\n"
