; lib/print.s: the output routines the examples share. Include it at the END
; of a program (it switches to .text, then .rodata):
;
;         .include "lib/print.s"        ; from a program in examples/
;
; Each routine writes to stdout (fd 1) with `sys write` and returns with ret.
; They keep every register but a0-a3 and t0-t3, and use no memory of their
; own but a few bytes below sp (the digits of a number), so including them
; adds no page a program would not touch anyway.
;
;   puts    a0 = address of a NUL-terminated string
;   putdec  a0 = a signed number, in decimal:   -42
;   puthex  a0 = a number, as 8 hex digits:     0x0001f000
;   puterr  a0 = a system call's error result (-errno), by name: ENOMEM
;           (docs/abi.md, Error numbers; "errno N" for one without a name here)

        .text
; puts(a0 = string)
puts:   mov   t0, a0
puts_len:
        lbu   t1, 0(t0)
        beqz  t1, puts_write
        addi  t0, t0, 1
        j     puts_len
puts_write:
        sub   a2, t0, a0
        mov   a1, a0
        li    a0, 1
        sys   write
        ret

; putdec(a0 = signed number): the digits are built backwards below sp
putdec: mov   t3, a0
        addi  t1, sp, -4            ; t1 walks down from just below sp
        bge   t3, zero, putdec_digit
        neg   t3, t3                ; -2147483648 stays itself: remu/divu still read it right
putdec_digit:
        li    t2, 10
        remu  t0, t3, t2
        divu  t3, t3, t2
        addi  t0, t0, '0'
        addi  t1, t1, -1
        sb    t0, 0(t1)
        bnez  t3, putdec_digit
        bge   a0, zero, putdec_write
        li    t0, '-'
        addi  t1, t1, -1
        sb    t0, 0(t1)
putdec_write:
        addi  a2, sp, -4
        sub   a2, a2, t1
        mov   a1, t1
        li    a0, 1
        sys   write
        ret

; puthex(a0 = number): 0x and 8 hex digits
puthex: addi  t1, sp, -4
        li    t3, 8
puthex_digit:
        andi  t0, a0, 15
        shri  a0, a0, 4
        li    t2, 10
        blt   t0, t2, puthex_low
        addi  t0, t0, 'a' - 10 - '0'
puthex_low:
        addi  t0, t0, '0'
        addi  t1, t1, -1
        sb    t0, 0(t1)
        addi  t3, t3, -1
        bnez  t3, puthex_digit
        li    t0, 'x'
        sb    t0, -1(t1)
        li    t0, '0'
        sb    t0, -2(t1)
        addi  t1, t1, -2
        addi  a2, sp, -4
        sub   a2, a2, t1
        mov   a1, t1
        li    a0, 1
        sys   write
        ret

; puterr(a0 = -errno): the error's name, looked up in print_errnames
puterr: neg   t3, a0
        la    t0, print_errnames
puterr_find:
        lbu   t1, 0(t0)             ; each entry: the number, then the name, NUL-terminated
        beqz  t1, puterr_number     ; a 0 ends the table
        addi  t0, t0, 1
        beq   t1, t3, puterr_name
puterr_skip:
        lbu   t1, 0(t0)
        addi  t0, t0, 1
        bnez  t1, puterr_skip
        j     puterr_find
puterr_name:
        mov   a0, t0
        j     puts
puterr_number:
        push  t3
        la    a0, print_errno
        call  puts
        pop   a0
        j     putdec

        .rodata
print_errno:
        .asciz "errno "
print_errnames:
        .byte 1
        .asciz "EPERM"
        .byte 2
        .asciz "ENOENT"
        .byte 3
        .asciz "ESRCH"
        .byte 5
        .asciz "EIO"
        .byte 9
        .asciz "EBADF"
        .byte 10
        .asciz "ECHILD"
        .byte 11
        .asciz "EAGAIN"
        .byte 12
        .asciz "ENOMEM"
        .byte 13
        .asciz "EACCES"
        .byte 14
        .asciz "EFAULT"
        .byte 22
        .asciz "EINVAL"
        .byte 24
        .asciz "EMFILE"
        .byte 28
        .asciz "ENOSPC"
        .byte 0
