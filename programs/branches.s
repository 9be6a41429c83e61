; branches.s: every conditional branch, taken and not taken, signed against
; unsigned at the edges (INT_MIN, -1), the pseudo-branches, a backward loop,
; jmp and jr. Each branch writes T (taken) or F into a string that is printed.
;! stdout: TFTFTFFTTFTTTFTFTFTFTFFT\n
;! stdout: loop 10 times: 55\n
;! stdout: jr ok\n
        .text
_start: la    s0, line
        li    t0, 5
        li    t1, 5
        li    t2, 'T'
        beq   t0, t1, br0      ; expect taken
        li    t2, 'F'
br0:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 5
        li    t1, 6
        li    t2, 'T'
        beq   t0, t1, br1      ; expect not taken
        li    t2, 'F'
br1:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 5
        li    t1, 6
        li    t2, 'T'
        bne   t0, t1, br2      ; expect taken
        li    t2, 'F'
br2:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 5
        li    t1, 5
        li    t2, 'T'
        bne   t0, t1, br3      ; expect not taken
        li    t2, 'F'
br3:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -1
        li    t1, 1
        li    t2, 'T'
        blt   t0, t1, br4      ; expect taken
        li    t2, 'F'
br4:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 1
        li    t1, -1
        li    t2, 'T'
        blt   t0, t1, br5      ; expect not taken
        li    t2, 'F'
br5:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -1
        li    t1, 1
        li    t2, 'T'
        bltu  t0, t1, br6      ; expect not taken
        li    t2, 'F'
br6:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 1
        li    t1, -1
        li    t2, 'T'
        bltu  t0, t1, br7      ; expect taken
        li    t2, 'F'
br7:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 3
        li    t1, 3
        li    t2, 'T'
        bge   t0, t1, br8      ; expect taken
        li    t2, 'F'
br8:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -2
        li    t1, 1
        li    t2, 'T'
        bge   t0, t1, br9      ; expect not taken
        li    t2, 'F'
br9:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -2
        li    t1, 1
        li    t2, 'T'
        bgeu  t0, t1, br10      ; expect taken
        li    t2, 'F'
br10:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 1
        li    t1, 1
        li    t2, 'T'
        bgeu  t0, t1, br11      ; expect taken
        li    t2, 'F'
br11:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 2
        li    t1, 1
        li    t2, 'T'
        bgt   t0, t1, br12      ; expect taken
        li    t2, 'F'
br12:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 1
        li    t1, 1
        li    t2, 'T'
        bgt   t0, t1, br13      ; expect not taken
        li    t2, 'F'
br13:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 1
        li    t1, 1
        li    t2, 'T'
        ble   t0, t1, br14      ; expect taken
        li    t2, 'F'
br14:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 2
        li    t1, 1
        li    t2, 'T'
        ble   t0, t1, br15      ; expect not taken
        li    t2, 'F'
br15:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -1
        li    t1, 0
        li    t2, 'T'
        bgtu  t0, t1, br16      ; expect taken
        li    t2, 'F'
br16:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -1
        li    t1, 0
        li    t2, 'T'
        bleu  t0, t1, br17      ; expect not taken
        li    t2, 'F'
br17:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -2147483648
        li    t1, 2147483647
        li    t2, 'T'
        blt   t0, t1, br18      ; expect taken
        li    t2, 'F'
br18:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -2147483648
        li    t1, 2147483647
        li    t2, 'T'
        bltu  t0, t1, br19      ; expect not taken
        li    t2, 'F'
br19:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 0
        li    t2, 'T'
        beqz  t0, bz0
        li    t2, 'F'
bz0:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 0
        li    t2, 'T'
        bnez  t0, bz1
        li    t2, 'F'
bz1:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, 7
        li    t2, 'T'
        beqz  t0, bz2
        li    t2, 'F'
bz2:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t0, -7
        li    t2, 'T'
        bnez  t0, bz3
        li    t2, 'F'
bz3:  sb    t2, 0(s0)
        addi  s0, s0, 1
        li    t2, '\n'
        sb    t2, 0(s0)
        li    a0, 1
        la    a1, line
        li    a2, 25
        sys   write

        li    t0, 10                ; a backward branch: 10+9+...+1
        li    a1, 0
again:  add   a1, a1, t0
        addi  t0, t0, -1
        bnez  t0, again
        la    a0, m_loop
        call  say

        la    t0, there
        jr    t0
        li    a0, 1                 ; skipped
        sys   exit
there:  jmp   fwd
        li    a0, 2                 ; skipped
        sys   exit
fwd:    la    a0, m_jr
        call  puts
        li    a0, 0
        sys   exit

        .bss
line:   .space 64

        .rodata
m_loop: .asciz "loop 10 times: "
m_jr:   .asciz "jr ok\n"

        .include "lib/io.s"
