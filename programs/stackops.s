; stackops.s: push and pop (last in, first out), `push sp` stores the old sp,
; `pop sp` leaves sp equal to the loaded word, call/callr push the address of
; the next instruction, ret pops it, and a recursive factorial.
;! stdout: pops: 3 2 1\n
;! stdout: push sp stored the old sp: 1\n
;! stdout: pop sp loaded sp: 1\n
;! stdout: call pushed its return address: 1\n
;! stdout: callr pushed its return address: 1\n
;! stdout: ret to a pushed address: 1\n
;! stdout: fact(10) = 3628800\n
;! stdout: sp back where it started: 1\n
        .text
_start: mov   s2, sp                ; sp at the start
        li    t0, 1
        push  t0
        li    t0, 2
        push  t0
        li    t0, 3
        push  t0
        la    a0, m_pops
        call  puts
        pop   a0
        call  putdec
        la    a0, m_sp
        call  puts
        pop   a0
        call  putdec
        la    a0, m_sp
        call  puts
        pop   a0
        call  putdec
        call  putnl

        mov   s0, sp
        push  sp
        pop   t0
        sub   t1, t0, s0
        sltiu a1, t1, 1             ; 1 when t0 == s0
        la    a0, m_pushsp
        call  say

        mov   s0, sp
        addi  t0, sp, -32
        push  t0
        pop   sp                    ; sp = the word popped, s0 - 32
        mov   s1, sp
        mov   sp, s0
        addi  t0, s0, -32
        sub   t1, s1, t0
        sltiu a1, t1, 1
        la    a0, m_popsp
        call  say

        call  retaddr
ra1:    la    t0, ra1
        sub   t1, a0, t0
        sltiu a1, t1, 1
        la    a0, m_call
        call  say

        la    t0, retaddr
        callr t0
ra2:    la    t0, ra2
        sub   t1, a0, t0
        sltiu a1, t1, 1
        la    a0, m_callr
        call  say

        la    t0, landed
        push  t0
        ret
        li    a0, 1                 ; skipped
        sys   exit
landed: li    a1, 1
        la    a0, m_ret
        call  say

        li    a0, 10
        call  fact
        mov   a1, a0
        la    a0, m_fact
        call  say

        sub   t1, sp, s2
        sltiu a1, t1, 1
        la    a0, m_back
        call  say
        li    a0, 0
        sys   exit

; retaddr(): returns the return address it was called with.
retaddr:
        lw    a0, 0(sp)
        ret

; fact(a0 = n): n!, recursively; keeps s0 on the stack.
fact:   push  s0
        mov   s0, a0
        li    t0, 2
        blt   a0, t0, fact1
        addi  a0, a0, -1
        call  fact
        mul   a0, a0, s0
        pop   s0
        ret
fact1:  li    a0, 1
        pop   s0
        ret

        .rodata
m_pops:   .asciz "pops: "
m_sp:     .asciz " "
m_pushsp: .asciz "push sp stored the old sp: "
m_popsp:  .asciz "pop sp loaded sp: "
m_call:   .asciz "call pushed its return address: "
m_callr:  .asciz "callr pushed its return address: "
m_ret:    .asciz "ret to a pushed address: "
m_fact:   .asciz "fact(10) = "
m_back:   .asciz "sp back where it started: "

        .include "lib/io.s"
