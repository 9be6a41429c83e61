; copy.s: the block copy instruction. It copies forward one byte at a time,
; so an overlapping copy to a higher address replicates a pattern; a zero
; length does nothing; a copy over untouched pages faults on each page and
; continues; and when a byte faults with a handler installed, the saved
; registers show how far it got, and after sigreturn it finishes the rest.
;! stdout: pattern: abcabcabcabcabcabcabcabcabcabc\n
;! stdout: zero-length copy changed nothing: 1\n
;! stdout: registers after 9000 bytes: 1\n
;! stdout: bytes equal: 1\n
;! stdout: stored before the fault: 50\n
;! stdout: left at the fault: 150\n
;! stdout: fault address is the page start: 1\n
;! stdout: cause: 2\n
;! stdout: finished after the handler: 1\n
;! stdout: bytes equal: 1\n
        .equ  N, 9000
        .text
_start: la    s0, small
        li    t0, 'a'
        sb    t0, 0(s0)
        li    t0, 'b'
        sb    t0, 1(s0)
        li    t0, 'c'
        sb    t0, 2(s0)
        addi  t0, s0, 3
        mov   t1, s0
        li    t2, 27
        copy  t0, t1, t2            ; reads what it has just written
        li    t0, '\n'
        sb    t0, 30(s0)
        la    a0, m_pat
        call  puts
        li    a0, 1
        mov   a1, s0
        li    a2, 31
        sys   write

        addi  t0, s0, 100
        mov   t1, s0
        copy  t0, t1, zero
        addi  t3, s0, 100
        sub   t3, t3, t0
        sub   t1, t1, s0
        or    t3, t3, t1
        sltiu a1, t3, 1
        lbu   t0, 100(s0)
        sltiu t0, t0, 1
        and   a1, a1, t0
        la    a0, m_zero
        call  say

        la    s1, src               ; fill src with 13*i + i/256 (mod 256)
        li    t0, 0
fill:   li    t1, 13
        mul   t1, t1, t0
        shri  t2, t0, 8
        add   t1, t1, t2
        add   t2, s1, t0
        sb    t1, 0(t2)
        addi  t0, t0, 1
        li    t3, N
        blt   t0, t3, fill
        la    t0, dst
        mov   t1, s1
        li    t2, N
        copy  t0, t1, t2            ; three untouched destination pages
        la    t3, dst + N
        sub   t3, t3, t0
        la    a0, src + N
        sub   a0, a0, t1
        or    t3, t3, a0
        or    t3, t3, t2
        sltiu a1, t3, 1
        la    a0, m_regs
        call  say
        la    a0, dst
        mov   a1, s1
        li    a2, N
        call  same
        mov   a1, a0
        la    a0, m_eqb
        call  say

        li    a0, SIGSEGV
        la    a1, handler
        sys   sigaction
        li    a0, 0
        li    a1, 2 * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s2, a0
        addi  a0, s2, PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect              ; the second page is read-only for now
        addi  t0, s2, PAGE_SIZE - 50
        mov   t1, s1
        li    t2, 200
        copy  t0, t1, t2            ; 50 bytes, a fault, the handler, 150 more
        addi  t3, s2, PAGE_SIZE - 50 + 200
        sub   t3, t3, t0
        or    t3, t3, t2
        sltiu s0, t3, 1             ; 1 when d is at the end and b is 0
        la    t3, saved_d
        lw    a1, 0(t3)
        addi  t3, s2, PAGE_SIZE - 50
        sub   a1, a1, t3
        la    a0, m_before
        call  say
        la    t3, saved_b
        lw    a1, 0(t3)
        la    a0, m_left
        call  say
        la    t3, saved_tval
        lw    t3, 0(t3)
        addi  t0, s2, PAGE_SIZE
        sub   t3, t3, t0
        sltiu a1, t3, 1
        la    a0, m_addr
        call  say
        la    t3, saved_cause
        lw    a1, 0(t3)
        la    a0, m_cause
        call  say
        mov   a1, s0
        la    a0, m_fin
        call  say
        addi  a0, s2, PAGE_SIZE - 50
        mov   a1, s1
        li    a2, 200
        call  same
        mov   a1, a0
        la    a0, m_eqb
        call  say
        li    a0, 0
        sys   exit

; same(a0, a1, a2 = n): 1 if the n bytes at a0 and a1 are equal, else 0.
same:   beqz  a2, same1
        lbu   t0, 0(a0)
        lbu   t1, 0(a1)
        bne   t0, t1, same0
        addi  a0, a0, 1
        addi  a1, a1, 1
        addi  a2, a2, -1
        j     same
same1:  li    a0, 1
        ret
same0:  li    a0, 0
        ret

; SIGSEGV handler: keep the copy's saved registers (t0 = r7 at offset 28,
; t2 = r9 at 36), the address and cause; make the page writable; go back.
handler:
        lw    t0, 28(a3)
        la    t1, saved_d
        sw    t0, 0(t1)
        lw    t0, 36(a3)
        la    t1, saved_b
        sw    t0, 0(t1)
        la    t1, saved_tval
        sw    a1, 0(t1)
        la    t1, saved_cause
        sw    a2, 0(t1)
        andi  a0, a1, -PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        sys   mprotect
        sys   sigreturn

        .bss
small:  .space 128
saved_d: .space 4
saved_b: .space 4
saved_tval: .space 4
saved_cause: .space 4
        .align PAGE_SIZE
        .space 100
src:    .space N
        .align PAGE_SIZE
        .space 3000
dst:    .space N

        .rodata
m_pat:   .asciz "pattern: "
m_zero:  .asciz "zero-length copy changed nothing: "
m_regs:  .asciz "registers after 9000 bytes: "
m_eqb:   .asciz "bytes equal: "
m_before: .asciz "stored before the fault: "
m_left:  .asciz "left at the fault: "
m_addr:  .asciz "fault address is the page start: "
m_cause: .asciz "cause: "
m_fin:   .asciz "finished after the handler: "

        .include "lib/io.s"
