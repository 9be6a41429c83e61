; fork_reserve_edge.s: fork's reserve (docs/kernel.md) is exactly what the
; worst instruction needs. Process 1 touches one more page at a time and
; tries to fork after each (the child exits at once) until fork says
; -ENOMEM: the reserve is then one frame short. It gives one page back
; (madvise), so the next fork succeeds with the reserve left and nothing to
; spare, and the child runs the worst case at once: a store that straddles
; two pages, fetched across two text pages never touched. It needs 6 new
; frames: 2 for the fetch (file pages), a page table and a zero page for the
; lower data page (an area of its own, in a 4 MiB region with no table yet)
; and, for the upper one (a private file page not yet read), the page-cache
; frame and the private copy made from it. The child then uses nothing new:
; it reads the word back and exits with its low byte (0x44 = 68). With a
; reserve of 5 the OOM killer would take the child in that instruction
; (status 137).
;! args: --frames 40 --swap 0
;! file w.txt: worst case\n
;! stdout: fork stopped at the reserve: -12\n
;! stdout: the child's worst instruction ran and exited with: 68\n
        .text
_start: la    a0, path
        li    a1, O_RDONLY
        sys   open
        mov   a4, a0                ; the upper page: a private file page, untouched
        li    a0, 0x40400000
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_FIXED
        li    a5, 0
        sys   mmap
        li    a0, 0x40401000        ; its neighbour, touched: the region has a table
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
        sys   mmap
        li    t0, 0x40401000
        sw    t0, 0(t0)
        li    a0, 0x403FF000        ; the lower page: alone in its region, untouched
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
        sys   mmap

        li    a0, 0x50000000        ; the pages to touch: one 4 MiB region, whose
        li    a1, 1024 * PAGE_SIZE  ; table the first touch makes
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
        sys   mmap
        mov   s0, a0                ; one more page, then a fork, until fork fails
probe:  sw    zero, 0(s0)
        addi  s0, s0, PAGE_SIZE
        sys   fork
        beqz  a0, quit
        blt   a0, zero, edge
        li    a0, 0
        sys   wait
        j     probe

edge:   mov   s1, a0
        addi  a0, s0, -PAGE_SIZE    ; give the last page back: the next fork just fits
        li    a1, PAGE_SIZE
        li    a2, MADV_DONTNEED
        sys   madvise
        sys   fork
        beqz  a0, child
        la    a0, status
        sys   wait
        la    a0, m_stop
        mov   a1, s1
        call  say
        la    a0, m_ran
        la    t0, status
        lw    a1, 0(t0)
        call  say
        li    a0, 0
        sys   exit

quit:   li    a0, 0
        sys   exit

child:  li    t1, 0x403FFFFE        ; 2 bytes below the region boundary, 2 above
        li    t0, 0x11223344
        jmp   worst

        .align 4096
        .space 4096 - 3
worst:  sw    t0, 0(t1)             ; 3 bytes on each text page
        lw    a0, 0(t1)             ; nothing is left to fault in: the word back,
        sys   exit                  ; and exit with its low byte, 0x44

        .include "lib/io.s"

        .rodata
path:     .asciz "/w.txt"
m_stop:   .asciz "fork stopped at the reserve: "
m_ran:    .asciz "the child's worst instruction ran and exited with: "

        .bss
status: .space 4
