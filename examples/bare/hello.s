; hello.s: the smallest bare program. There is no kernel: the machine starts
; here in kernel mode, with paging off, so addresses are physical. It writes
; a line through the console device and stops with halt; a0 is the status.
        .text
_start: li    sp, 0x8000              ; every register starts at 0, sp too
        la    a0, greeting
        call  puts
        li    a0, 0
        halt

        .include "console.s"

        .rodata
greeting:
        .asciz "hello from the bare machine\n"
