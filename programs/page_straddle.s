; page_straddle.s: instructions and data that straddle a page boundary. A `call`
; and a `li` placed with .org across the end of a text page run normally (the
; second page is fetched on a fault and the instruction restarted whole). A
; misaligned word across two untouched pages is stored and loaded. When the
; second page refuses the access, the trap is precise: TVAL is the start of
; the second page and nothing changed, neither the first page's bytes nor
; the destination register.
;! stdout: call straddling two pages returned: 1\n
;! stdout: li with only its opcode on the first page: 0x55667788\n
;! stdout: word across two pages: 0xa1b2c3d4\n
;! stdout: high bytes on the second page: 0x00a1b2c3\n
;! stdout: store into a read-only second page, cause: 2\n
;! stdout: fault address is the second page: 1\n
;! stdout: first page unchanged: 1\n
;! stdout: load from an unmapped second page, cause: 1\n
;! stdout: fault address is the second page: 1\n
;! stdout: register unchanged: 1\n
;! stdout: fetch from a no-exec second page, cause: 0\n
;! stdout: fault address is the second page: 1\n
        .text
_start: jmp   part1

        .org  0x10ffe
part1:  call  one                   ; 0x10ffe..0x11002
        mov   a1, a0
        la    a0, m_call
        call  say
        jmp   part2

        .org  0x11fff
part2:  li    a1, 0x55667788        ; opcode at 0x11fff, immediate on the next page
        la    a0, m_li
        call  sayx

        la    s0, pages + PAGE_SIZE - 1
        li    t0, 0xa1b2c3d4
        sw    t0, 0(s0)             ; 1 byte on one page, 3 on the next
        lw    a1, 0(s0)
        la    a0, m_word
        call  sayx
        lw    a1, 1(s0)
        la    a0, m_high
        call  sayx

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
        mov   s1, a0
        addi  a0, s1, PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        la    t0, after_sw
        la    t1, resume
        sw    t0, 0(t1)
        li    t0, 0x01020304
        sw    t0, PAGE_SIZE - 2(s1) ; 2 bytes on each page: faults on the second
after_sw:
        la    a0, m_store
        call  report
        lhu   t0, PAGE_SIZE - 2(s1)
        sltiu a1, t0, 1
        la    a0, m_first
        call  say

        addi  a0, s1, PAGE_SIZE
        li    a1, PAGE_SIZE
        sys   munmap
        la    t0, after_lw
        la    t1, resume
        sw    t0, 0(t1)
        li    s2, 0x1111
        lw    s2, PAGE_SIZE - 3(s1) ; 3 bytes mapped, 1 not
after_lw:
        la    a0, m_load
        call  report
        li    t0, 0x1111
        sub   t0, s2, t0
        sltiu a1, t0, 1
        la    a0, m_reg
        call  say

        li    a0, 0                 ; code on the end of a page whose next page has no X
        li    a1, 2 * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s1, a0
        addi  t0, s1, PAGE_SIZE - 4
        li    t1, 0x30              ; li a0, 5: 30 10 05 00 00 00
        sb    t1, 0(t0)
        li    t1, 0x10
        sb    t1, 1(t0)
        li    t1, 5
        sb    t1, 2(t0)
        mov   a0, s1
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_EXEC
        sys   mprotect
        addi  a0, s1, PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        la    t0, after_jr
        la    t1, resume
        sw    t0, 0(t1)
        addi  t0, s1, PAGE_SIZE - 4
        jr    t0
after_jr:
        la    a0, m_fetch
        call  report
        li    a0, 0
        sys   exit

; one(): returns 1.
one:    li    a0, 1
        ret

; report(a0 = text): print the cause the handler saw, and whether the fault
; address was the start of the page after s1's first page.
report: call  puts
        la    t0, cause
        lw    a0, 0(t0)
        call  putdec
        call  putnl
        la    t0, tval
        lw    t0, 0(t0)
        addi  t1, s1, PAGE_SIZE
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_addr
        j     say

; SIGSEGV handler: keep cause and address, continue at `resume`.
handler:
        la    t0, cause
        sw    a2, 0(t0)
        la    t0, tval
        sw    a1, 0(t0)
        la    t0, resume
        lw    t0, 0(t0)
        sw    t0, 64(a3)
        sys   sigreturn

        .bss
cause:  .space 4
tval:   .space 4
resume: .space 4
        .align PAGE_SIZE
pages:  .space 2 * PAGE_SIZE

        .rodata
m_call:  .asciz "call straddling two pages returned: "
m_li:    .asciz "li with only its opcode on the first page: "
m_word:  .asciz "word across two pages: "
m_high:  .asciz "high bytes on the second page: "
m_store: .asciz "store into a read-only second page, cause: "
m_addr:  .asciz "fault address is the second page: "
m_first: .asciz "first page unchanged: "
m_load:  .asciz "load from an unmapped second page, cause: "
m_reg:   .asciz "register unchanged: "
m_fetch: .asciz "fetch from a no-exec second page, cause: "

        .include "lib/io.s"
