; lib/io.s: small output routines shared by the golden programs (.include it
; at the end of a program). Calling convention: arguments in a0..a2, call/ret;
; a routine may change a0-a5 and t0-t3, and keeps s0-s2, fp and sp.

        .text
; puts(a0 = NUL-terminated string): write it to stdout.
puts:   mov   t0, a0
io_len: lbu   t1, 0(t0)
        beqz  t1, io_wr
        addi  t0, t0, 1
        j     io_len
io_wr:  sub   a2, t0, a0
        mov   a1, a0
        li    a0, 1
        sys   write
        ret

; putnl(): write a newline.
putnl:  la    a0, io_nl
        j     puts

; putdec(a0): write a0 as a signed decimal number.
putdec: addi  sp, sp, -16           ; a 16-byte buffer; digits fill it from the end
        mov   t0, a0
        addi  t1, sp, 16
        li    t2, 10
io_dl:  rem   a1, t0, t2            ; remainder has the sign of the value
        div   t0, t0, t2
        bge   a1, zero, io_dp
        neg   a1, a1
io_dp:  addi  a1, a1, '0'
        addi  t1, t1, -1
        sb    a1, 0(t1)
        bnez  t0, io_dl
        bge   a0, zero, io_do
        addi  t1, t1, -1
        li    a1, '-'
        sb    a1, 0(t1)
io_do:  addi  a2, sp, 16
        sub   a2, a2, t1
        mov   a1, t1
        li    a0, 1
        sys   write
        addi  sp, sp, 16
        ret

; puthex(a0): write a0 as 0x followed by eight lower-case hex digits.
puthex: addi  sp, sp, -16
        li    t1, '0'
        sb    t1, 0(sp)
        li    t1, 'x'
        sb    t1, 1(sp)
        li    t0, 0
io_hl:  shli  t1, t0, 2
        li    t2, 28
        sub   t2, t2, t1
        shr   t1, a0, t2            ; the nibble for digit t0
        andi  t1, t1, 15
        li    t2, 10
        blt   t1, t2, io_hd
        addi  t1, t1, 'a' - 10
        j     io_hp
io_hd:  addi  t1, t1, '0'
io_hp:  add   t2, sp, t0
        sb    t1, 2(t2)
        addi  t0, t0, 1
        li    t2, 8
        blt   t0, t2, io_hl
        li    a0, 1
        mov   a1, sp
        li    a2, 10
        sys   write
        addi  sp, sp, 16
        ret

; say(a0 = string, a1 = value): write the string, the value in decimal, a newline.
say:    push  a1
        call  puts
        pop   a0
        call  putdec
        j     putnl

; sayx(a0 = string, a1 = value): the same with the value in hex.
sayx:   push  a1
        call  puts
        pop   a0
        call  puthex
        j     putnl

        .rodata
io_nl:  .asciz "\n"
