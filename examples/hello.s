; hello.s: the first program to run.
;
;     ./faultline run examples/hello.s
;     ./faultline run examples/hello.s --trace
;
; Even this program page-faults: its code and its message are mapped from
; the executable, and each page arrives on its first touch.
        .text
_start: li    a0, 1                 ; fd 1: stdout
        la    a1, msg               ; the bytes
        li    a2, len               ; how many
        sys   write
        li    a0, 0                 ; exit status
        sys   exit

        .rodata
msg:    .ascii "hello, world\n"
        .equ  len, . - msg

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
