; mprotect_fork_swap.s: a private page shared after fork stays copy-on-write
; even while mprotect makes it read-only, and through swap: making it
; writable again must not let one process's store reach the other's copy.
;! args: --frames 24 --swap 64
;! stdout: parent wrote, child still sees: 1\n
;! stdout: child wrote, parent still sees: 2\n
        .equ  NPAGES, 24
        .text
_start: li    a0, 0
        li    a1, NPAGES * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0
        li    t0, 1
        sw    t0, 0(s0)             ; page 0 holds 1
        mov   a0, s0                ; read-only before fork: no W in the PTE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        sys   fork
        mov   s1, a0
        ; push page 0 out to swap: touch every other page (24 frames in all)
        li    t0, 1
touch:  shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, touch
        lw    t0, 0(s0)             ; swapped back in while read-only
        mov   a0, s0                ; writable again
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        sys   mprotect
        beqz  s1, child
        li    t0, 2
        sw    t0, 0(s0)             ; the parent's store: a copy
        la    a0, status
        sys   wait
        la    a0, m_child
        la    t0, status
        lw    a1, 0(t0)
        call  say
        la    a0, m_parent
        lw    a1, 0(s0)
        call  say
        li    a0, 0
        sys   exit
child:  li    a0, 0
        sys   yield
        li    t0, 3
        lw    t1, 0(s0)             ; still 1, whatever the parent stored
        sw    t0, 0(s0)
        mov   a0, t1
        sys   exit

        .include "lib/io.s"

        .rodata
m_child:  .asciz "parent wrote, child still sees: "
m_parent: .asciz "child wrote, parent still sees: "
        .bss
status: .space 4
