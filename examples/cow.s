; cow.s: copy-on-write after fork. fork does not copy the 4 pages of `data`:
; it marks them read-only and copy-on-write in both processes and shares the
; frames. The child's first store to a page is a protection fault that the
; kernel resolves by copying that one page (kind `cow`); the child wrote 2
; pages, so 2 copies. When the parent stores afterwards, the child is gone:
; the parent is the frame's last user, and the kernel just makes the page
; writable again (kind `cow-reuse`), no copy.
;
;     ./faultline run examples/cow.s --trace=fork,fault
;     ./faultline run examples/cow.s --stats
        .text
_start: la    s0, data
        li    t0, 0
init:   shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)             ; page i holds i
        addi  t0, t0, 1
        li    t2, 4
        blt   t0, t2, init
        sys   fork
        blt   a0, zero, forkfail    ; prints "fork failed: ENOMEM" (lib/forkfail.s)
        bnez  a0, parent
        li    t0, 42                ; the child writes pages 0 and 1
        sw    t0, 0(s0)
        sw    t0, PAGE_SIZE(s0)
        li    a0, 1
        la    a1, m_child
        li    a2, l_child
        sys   write
        li    a0, 0
        sys   exit
parent: li    a0, 0
        sys   wait
        lw    t0, PAGE_SIZE(s0)     ; still 1: the child wrote its own copy
        li    t1, 1
        li    a0, 1
        bne   t0, t1, out
        sw    t0, 0(s0)             ; last user: reuse, no copy
        li    a0, 1
        la    a1, m_parent
        li    a2, l_parent
        sys   write
        li    a0, 0
out:    sys   exit

        .rodata
m_child:  .ascii "child: wrote 42 into pages 0 and 1\n"
          .equ l_child, . - m_child
m_parent: .ascii "parent: page 1 still holds 1\n"
          .equ l_parent, . - m_parent

        .bss
data:   .space 4 * PAGE_SIZE

        .include "lib/forkfail.s"
        .include "lib/print.s"

; --- how much memory it needs (a test runs each line) ---
; --frames 10 or more: the same output as with the default 256 frames.
; --frames 9 or fewer: "fork failed: ENOMEM" (no frames for the child's
; page tables), status 1.
