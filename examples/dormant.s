; dormant.s: a sleeping process loses its pages to a busy one, and gets
; them back. The parent fills 8 pages, forks, and waits: while it sleeps in
; `wait` it is dormant, and its pages are the oldest and least used in
; memory. The child gives up its copy-on-write share of those pages
; (munmap), so they are the parent's alone, and then fills 24 pages of its
; own. With 24 frames there is not room for both: the kernel swaps out the
; dormant parent's pages to make room. When the child exits, the parent
; wakes up and reads its 8 pages: each read is a major fault (`kind=swap-in`)
; that brings the page back from its swap slot, and the load runs again as
; if nothing had happened.
;
;     ./faultline run examples/dormant.s --frames 24 --trace=fork,swap-out,swap-in,exit
;     ./faultline run examples/dormant.s --frames 24 --stats
        .equ  MINE, 8                 ; the parent's pages
        .equ  THEIRS, 24              ; the child's pages
        .text
_start: li    a0, 0
        li    a1, MINE * PAGE_SIZE
        li    a2, PROT_READ + PROT_WRITE
        li    a3, MAP_PRIVATE + MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0                ; the parent's area
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        addi  t2, t0, 100
        sw    t2, 0(t1)             ; page i holds 100 + i
        addi  t0, t0, 1
        li    t2, MINE
        blt   t0, t2, fill
        sys   fork
        blt   a0, zero, forkfail    ; prints "fork failed: ENOMEM" (lib/forkfail.s)
        bnez  a0, parent

child:  li    a0, 0
        li    a1, THEIRS * PAGE_SIZE
        li    a2, PROT_READ + PROT_WRITE
        li    a3, MAP_PRIVATE + MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap                  ; the child's area, after the parent's
        mov   s1, a0
        mov   a0, s0                ; drop the child's share of the parent's pages
        li    a1, MINE * PAGE_SIZE
        sys   munmap
        li    t0, 0
busy:   shli  t1, t0, 12
        add   t1, s1, t1
        sw    t0, 0(t1)             ; each new page needs a frame
        addi  t0, t0, 1
        li    t2, THEIRS
        blt   t0, t2, busy
        li    a0, 1
        la    a1, m_child
        li    a2, l_child
        sys   write
        li    a0, 0
        sys   exit

parent: la    a0, status
        sys   wait                  ; dormant until the child exits
        li    t0, 0
        li    t3, 0                 ; sum of what the pages hold
check:  shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)             ; a page that went to swap comes back here
        add   t3, t3, t2
        addi  t0, t0, 1
        li    t2, MINE
        blt   t0, t2, check
        li    t2, 828               ; 100 + 101 + ... + 107
        li    a0, 1
        bne   t3, t2, lost
        la    a1, m_back
        li    a2, l_back
        sys   write
        li    a0, 0
        sys   exit
lost:   la    a1, m_lost
        li    a2, l_lost
        sys   write
        li    a0, 1
        sys   exit

        .rodata
m_child: .ascii "child: filled 24 pages of its own\n"
         .equ l_child, . - m_child
m_back:  .ascii "parent: awake again, its 8 pages hold 100..107\n"
         .equ l_back, . - m_back
m_lost:  .ascii "parent: a page lost what it held\n"
         .equ l_lost, . - m_lost

        .bss
status: .space 4

        .include "lib/forkfail.s"
        .include "lib/print.s"

; --- how much memory it needs (a test runs each line) ---
; --frames 12 or more: the same output as with the default 256 frames.
; --frames 11 or fewer: "fork failed: ENOMEM" (no frames for the child's
; page tables), status 1.
