; swap_cow.s: a page that is out in swap when the process forks is shared
; through its swap slot. The child reads it back (one swap-in serves both
; processes while it stays in the swap cache), then writes it and gets its
; own copy; the parent still reads the old value.
;! args: --frames 16 --swap 128
;! stdout: child read the swapped page: 0xc0ffee00\n
;! stdout: child's copy after its store: 0x00000001\n
;! stdout: parent still reads: 0xc0ffee00\n
;! stats: forks=1 swap_outs>=1 swap_ins>=1
        .equ  NOISE, 40
        .text
_start: la    s0, target
        li    t0, 0xc0ffee00
        sw    t0, 0(s0)
        la    s1, noise             ; touch 40 other pages: target goes out to swap
        li    t0, 0
touch:  shli  t1, t0, 12
        add   t1, s1, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, NOISE
        blt   t0, t2, touch

        sys   fork
        bnez  a0, parent
        lw    a1, 0(s0)
        la    a0, m_read
        call  sayx
        li    t0, 1
        sw    t0, 0(s0)
        lw    a1, 0(s0)
        la    a0, m_copy
        call  sayx
        li    a0, 0
        sys   exit
parent: la    a0, status
        sys   wait
        lw    a1, 0(s0)
        la    a0, m_parent
        call  sayx
        li    a0, 0
        sys   exit

        .bss
status: .space 4
        .align PAGE_SIZE
target: .space PAGE_SIZE
noise:  .space NOISE * PAGE_SIZE

        .rodata
m_read:   .asciz "child read the swapped page: "
m_copy:   .asciz "child's copy after its store: "
m_parent: .asciz "parent still reads: "

        .include "lib/io.s"
