; hello.s: the smallest complete program: one write, one exit.
;! exit: 0
;! stdout: Hello from FL32!\n
        .text
_start: li    a0, 1                 ; stdout
        la    a1, greeting
        li    a2, size
        sys   write
        li    a0, 0
        sys   exit

        .rodata
greeting:
        .ascii "Hello from FL32!\n"
        .equ  size, . - greeting
