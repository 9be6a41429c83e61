; illegal.s: a trap handler written in FL32. It installs itself in TVEC,
; then runs code that holds bytes which are not instructions. Each one traps
; ILLEGAL; the handler reports where, moves EPC past the bad instruction and
; returns with sret, so the program goes on. Any other trap stops the machine.
        .equ  ILLEGAL, 3
        .text
_start: li    sp, 0x8000
        la    t0, handler
        csrw  tvec, t0                ; from now on a trap runs handler
        la    a0, start_msg
        call  puts
        li    s0, 6                   ; s0: a sum that the bad bytes must not disturb
        .byte 0xFF                    ; not an opcode: traps ILLEGAL, 1 byte long
        addi  s0, s0, 7
        .byte 0x07, 0xEE              ; two more undefined opcodes
        addi  s0, s0, 8
        la    a0, sum_msg
        call  puts
        mov   a0, s0
        call  putdec
        li    a0, '\n'
        call  putc
        la    t0, skipped
        lw    a0, 0(t0)               ; exit status: how many were skipped
        halt

; The handler runs in kernel mode with interrupts off; EPC is the trapping
; instruction. It saves what it uses on the stack (the program's sp is good).
handler:
        push  a0
        push  t0
        push  t1
        push  t2
        push  t3
        csrr  t0, cause
        li    t1, ILLEGAL
        bne   t0, t1, other
        la    a0, trap_msg
        call  puts
        csrr  a0, epc
        call  puthex
        li    a0, '\n'
        call  putc
        la    t0, skipped
        lw    t1, 0(t0)
        addi  t1, t1, 1
        sw    t1, 0(t0)
        csrr  t0, epc                 ; an undefined opcode is one byte long:
        addi  t0, t0, 1               ; step over it, or sret would run it again
        csrw  epc, t0
        pop   t3
        pop   t2
        pop   t1
        pop   t0
        pop   a0
        sret

other:  la    a0, other_msg           ; a trap we do not expect: give up
        call  puts
        li    a0, 1
        halt

        .include "console.s"

        .rodata
start_msg:  .asciz "running code with three bad bytes in it\n"
trap_msg:   .asciz "illegal instruction at "
sum_msg:    .asciz "skipped them all; the sum is still "
other_msg:  .asciz "unexpected trap\n"

        .data
skipped:    .word 0
