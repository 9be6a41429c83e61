; console.s: writing to the console device, for the bare examples.
; The console is one page at physical address 0xF0000000: a store at +0
; writes one byte to stdout; a load at +4 reads one byte of stdin (or -1).
; Every routine here works with paging off, and with paging on when the
; console page is mapped at the same address (as the pager maps it).
; They use the stack (call and ret), so sp must point at memory first.

        .equ  CONSOLE, 0xF0000000

; putc: writes the byte in a0.                      Clobbers t0.
putc:   li    t0, CONSOLE
        sb    a0, 0(t0)
        ret

; puts: writes the NUL-terminated string at a0.     Clobbers a0, t0, t1.
puts:   li    t0, CONSOLE
puts_next:
        lbu   t1, 0(a0)
        beqz  t1, puts_done
        sb    t1, 0(t0)
        addi  a0, a0, 1
        jmp   puts_next
puts_done:
        ret

; puthex: writes a0 as 0x and eight hex digits.     Clobbers t0 .. t3.
puthex: li    t0, CONSOLE
        li    t1, '0'
        sb    t1, 0(t0)
        li    t1, 'x'
        sb    t1, 0(t0)
        li    t2, 28                  ; shift of the next digit
puthex_next:
        shr   t1, a0, t2
        andi  t1, t1, 15
        la    t3, hex_digits
        add   t3, t3, t1
        lbu   t1, 0(t3)
        sb    t1, 0(t0)
        addi  t2, t2, -4
        bge   t2, zero, puthex_next
        ret

; putdec: writes a0 (unsigned) in decimal.          Clobbers a0, t0 .. t3.
putdec: mov   t3, sp                  ; digits go on the stack, last first
        li    t1, 10
putdec_digit:
        remu  t2, a0, t1
        addi  t2, t2, '0'
        addi  sp, sp, -1
        sb    t2, 0(sp)
        divu  a0, a0, t1
        bnez  a0, putdec_digit
        li    t0, CONSOLE
putdec_out:
        lbu   t2, 0(sp)
        sb    t2, 0(t0)
        addi  sp, sp, 1
        bne   sp, t3, putdec_out
        ret

hex_digits:
        .ascii "0123456789abcdef"
