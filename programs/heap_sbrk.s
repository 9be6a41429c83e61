; heap_sbrk.s: the heap starts at the first page boundary after the last
; segment; sbrk moves the break and returns the old one; the new pages arrive
; zero on demand; a break that would run into the kernel is refused with
; -ENOMEM; and a touch past the break is a segmentation fault.
;! stdout: initial break is the page after .bss: 1\n
;! stdout: sbrk returned the old break: 1\n
;! stdout: break moved by 20480: 1\n
;! stdout: new heap pages read zero: 1\n
;! stdout: heap pages hold their values: 1\n
;! stdout: sbrk far too big: -12\n
;! stdout: break unchanged: 1\n
;! stdout: a store past the break: 139\n
        .text
_start: li    a0, 0
        sys   sbrk
        mov   s0, a0                ; the initial break
        la    t0, bss_end + PAGE_SIZE - 1
        andi  t0, t0, -PAGE_SIZE
        sub   t0, t0, s0
        sltiu a1, t0, 1
        la    a0, m_init
        call  say

        li    a0, 5 * PAGE_SIZE
        sys   sbrk
        sub   t0, a0, s0
        sltiu a1, t0, 1
        la    a0, m_ret
        call  say
        li    a0, 0
        sys   sbrk
        sub   t0, a0, s0
        li    t1, 5 * PAGE_SIZE
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_moved
        call  say

        li    t0, 0                 ; every word of the new heap is zero
        li    s1, 0
zchk:   add   t1, s0, t0
        lw    t1, 0(t1)
        or    s1, s1, t1
        addi  t0, t0, 4
        li    t2, 5 * PAGE_SIZE
        blt   t0, t2, zchk
        sltiu a1, s1, 1
        la    a0, m_zero
        call  say

        li    t0, 0                 ; word at offset k holds k*k
fill:   add   t1, s0, t0
        mul   t2, t0, t0
        sw    t2, 0(t1)
        addi  t0, t0, 1020
        li    t2, 5 * PAGE_SIZE
        blt   t0, t2, fill
        li    t0, 0
        li    s1, 0
check:  add   t1, s0, t0
        lw    t1, 0(t1)
        mul   t2, t0, t0
        xor   t1, t1, t2
        or    s1, s1, t1
        addi  t0, t0, 1020
        li    t2, 5 * PAGE_SIZE
        blt   t0, t2, check
        sltiu a1, s1, 1
        la    a0, m_vals
        call  say

        li    a0, 0x7ffff000        ; the break would pass 0x80000000
        sys   sbrk
        mov   a1, a0
        la    a0, m_big
        call  say
        li    a0, 0
        sys   sbrk
        sub   t0, a0, s0
        li    t1, 5 * PAGE_SIZE
        sub   t0, t0, t1
        sltiu a1, t0, 1
        la    a0, m_same
        call  say

        sys   fork
        bnez  a0, parent
        li    t0, 5 * PAGE_SIZE + 8
        add   t0, s0, t0
        sw    t0, 0(t0)             ; nothing is mapped there
        li    a0, 0
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_past
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_init: .asciz "initial break is the page after .bss: "
m_ret:  .asciz "sbrk returned the old break: "
m_moved: .asciz "break moved by 20480: "
m_zero: .asciz "new heap pages read zero: "
m_vals: .asciz "heap pages hold their values: "
m_big:  .asciz "sbrk far too big: "
m_same: .asciz "break unchanged: "
m_past: .asciz "a store past the break: "

        .bss
status: .space 4
        .space 5000                 ; .bss ends in the middle of a page
bss_end:

        .include "lib/io.s"
