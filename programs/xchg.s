; xchg.s: xchg swaps a register with a word of memory. It translates its
; address for a store before it reads, so on a read-only page it takes a
; STORE_FAULT (cause 2) and changes nothing, and on a copy-on-write page after
; fork it is a store fault that copies the page: each process swaps with its
; own copy.
;! stdout: xchg old value: 10\n
;! stdout: xchg new memory: 20\n
;! stdout: read-only page, cause: 2\n
;! stdout: tval is the word's address: 1\n
;! stdout: register kept: 1\n
;! stdout: memory kept: 0\n
;! stdout: child's xchg returned: 20\n
;! stdout: parent still sees: 20\n
;! stdout: parent's xchg returned: 20\n
;! stdout: memory now: 5\n
;! stats: forks=1 cow_copies=1 cow_reuses=2 segv=1
        .text
_start: la    s0, word
        li    t0, 10
        sw    t0, 0(s0)
        li    t0, 20
        xchg  t0, (s0)
        mov   a1, t0
        la    a0, m_old
        call  say
        lw    a1, 0(s0)
        la    a0, m_new
        call  say

        li    a0, SIGSEGV
        la    a1, skip
        sys   sigaction
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        addi  s1, a0, 8             ; a word on a read-only page
        li    t0, 1234
        xchg  t0, (s1)              ; SIGSEGV; the handler skips it
        mov   s2, t0
        la    a0, m_cause
        la    t1, cause
        lw    a1, 0(t1)
        call  say
        la    t1, tval
        lw    t1, 0(t1)
        sub   t1, t1, s1
        sltiu a1, t1, 1
        la    a0, m_tval
        call  say
        li    t1, 1234
        sub   t1, s2, t1
        sltiu a1, t1, 1
        la    a0, m_reg
        call  say
        lw    a1, 0(s1)
        la    a0, m_mem
        call  say

        sys   fork
        bnez  a0, parent
        li    t0, 77                ; the child: no stack, no calls
        xchg  t0, (s0)              ; copy-on-write fault, then the swap
        mov   a0, t0
        sys   exit

parent: la    a0, status
        sys   wait
        la    a0, m_child
        la    t0, status
        lw    a1, 0(t0)
        call  say
        lw    a1, 0(s0)
        la    a0, m_still
        call  say
        li    t0, 5
        xchg  t0, (s0)              ; the last user: the page is reused
        mov   a1, t0
        la    a0, m_pxchg
        call  say
        lw    a1, 0(s0)
        la    a0, m_now
        call  say
        li    a0, 0
        sys   exit

; SIGSEGV handler: note cause and address, step over the 2-byte xchg.
skip:   la    t0, cause
        sw    a2, 0(t0)
        la    t0, tval
        sw    a1, 0(t0)
        lw    t0, 64(a3)
        addi  t0, t0, 2
        sw    t0, 64(a3)
        sys   sigreturn

        .bss
word:   .space 4
cause:  .space 4
tval:   .space 4
        .align PAGE_SIZE
status: .space 4                    ; on a page nobody touches before the fork

        .rodata
m_old:   .asciz "xchg old value: "
m_new:   .asciz "xchg new memory: "
m_cause: .asciz "read-only page, cause: "
m_tval:  .asciz "tval is the word's address: "
m_reg:   .asciz "register kept: "
m_mem:   .asciz "memory kept: "
m_child: .asciz "child's xchg returned: "
m_still: .asciz "parent still sees: "
m_pxchg: .asciz "parent's xchg returned: "
m_now:   .asciz "memory now: "

        .include "lib/io.s"
