; mmap_anon.s: anonymous mappings. mmap places areas first-fit from
; 0x40000000; munmap and mprotect of a middle page split an area; a freed
; hole is reused; MAP_FIXED replaces what was there; MADV_DONTNEED makes a
; private anonymous page read zero again; and the argument rules give
; -EINVAL and -ENOMEM.
;! stdout: first mmap: 0x40000000\n
;! stdout: munmap of the second page: 0\n
;! stdout: pages in an area (4 pages): 1 0 1 1\n
;! stdout: a load from the hole: 139\n
;! stdout: next mmap fills the hole: 0x40001000\n
;! stdout: and reads: 0\n
;! stdout: a 2-page mmap goes after: 0x40004000\n
;! stdout: mprotect of the third page: 0\n
;! stdout: it still reads: 3\n
;! stdout: a store to it: 139\n
;! stdout: writable bits (pages 3, 4): 0 1\n
;! stdout: MAP_FIXED over the first page: 0x40000000\n
;! stdout: it reads: 0\n
;! stdout: page 4 before MADV_DONTNEED: 4\n
;! stdout: madvise: 0\n
;! stdout: page 4 after: 0\n
;! stdout: mmap of length 0: -22\n
;! stdout: munmap of an unaligned address: -22\n
;! stdout: mprotect over a hole: -12\n
;! stdout: mprotect of an unaligned address: -22\n
;! stdout: MAP_SHARED and MAP_PRIVATE: -22\n
;! stdout: neither of them: -22\n
;! stdout: MAP_FIXED at an unaligned address: -22\n
        .equ  A, 0x40000000
        .text
_start: li    a0, 0
        li    a1, 4 * PAGE_SIZE
        call  anon
        mov   s0, a0
        mov   a1, a0
        la    a0, m_first
        call  sayx
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        addi  t2, t0, 1
        sw    t2, 0(t1)             ; page i holds i + 1
        addi  t0, t0, 1
        li    t3, 4
        blt   t0, t3, fill

        li    a0, A + PAGE_SIZE
        li    a1, PAGE_SIZE
        sys   munmap
        mov   a1, a0
        la    a0, m_unmap
        call  say
        la    a0, m_inarea
        call  puts
        li    s1, A
inarea: mov   a0, s1
        sys   pginfo
        andi  a0, a0, 1
        call  putdec
        li    t0, A + 3 * PAGE_SIZE
        beq   s1, t0, inarea1
        la    a0, m_sp
        call  puts
        li    t0, PAGE_SIZE
        add   s1, s1, t0
        j     inarea
inarea1:
        call  putnl
        li    a0, A + PAGE_SIZE
        call  tryload
        mov   a1, a0
        la    a0, m_hole
        call  say

        li    a0, 0
        li    a1, PAGE_SIZE
        call  anon
        mov   s1, a0
        mov   a1, a0
        la    a0, m_fills
        call  sayx
        lw    a1, 0(s1)
        la    a0, m_reads
        call  say
        li    a0, 0
        li    a1, 2 * PAGE_SIZE
        call  anon
        mov   s2, a0
        mov   a1, a0
        la    a0, m_after
        call  sayx

        li    a0, A + 2 * PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        mov   a1, a0
        la    a0, m_mprot
        call  say
        li    t0, A + 2 * PAGE_SIZE
        lw    a1, 0(t0)
        la    a0, m_still
        call  say
        li    a0, A + 2 * PAGE_SIZE
        call  trystore
        mov   a1, a0
        la    a0, m_store
        call  say
        li    t0, A + 3 * PAGE_SIZE ; after the forks page 4 is copy-on-write:
        li    t1, 4                 ; a store makes it writable again
        sw    t1, 0(t0)
        la    a0, m_wbits
        call  puts
        li    a0, A + 2 * PAGE_SIZE
        sys   pginfo
        shri  a0, a0, 2
        andi  a0, a0, 1
        call  putdec
        la    a0, m_sp
        call  puts
        li    a0, A + 3 * PAGE_SIZE
        sys   pginfo
        shri  a0, a0, 2
        andi  a0, a0, 1
        call  putdec
        call  putnl

        li    a0, A
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_fixed
        call  sayx
        li    t0, A
        lw    a1, 0(t0)
        la    a0, m_reads2
        call  say

        li    t0, A + 3 * PAGE_SIZE
        lw    a1, 0(t0)
        la    a0, m_before
        call  say
        li    a0, A + 3 * PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, MADV_DONTNEED
        sys   madvise
        mov   a1, a0
        la    a0, m_madv
        call  say
        li    t0, A + 3 * PAGE_SIZE
        lw    a1, 0(t0)
        la    a0, m_after4
        call  say

        li    a0, 0
        li    a1, 0
        call  anon
        mov   a1, a0
        la    a0, m_len0
        call  say
        li    a0, A + 1
        li    a1, PAGE_SIZE
        sys   munmap
        mov   a1, a0
        la    a0, m_unal
        call  say
        mov   a0, s2                ; make a hole at 0x40004000
        li    a1, PAGE_SIZE
        sys   munmap
        li    a0, A + 3 * PAGE_SIZE ; pages 0x40003000, the hole, 0x40005000
        li    a1, 3 * PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        mov   a1, a0
        la    a0, m_mphole
        call  say
        li    a0, A + 8
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        mov   a1, a0
        la    a0, m_mpunal
        call  say
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_both
        call  say
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_neither
        call  say
        li    a0, 0x50000100
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_fixun
        call  say
        li    a0, 0
        sys   exit

; anon(a0 = addr hint, a1 = length): a private read-write anonymous mmap.
anon:   li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        ret

; tryload(a0 = address) / trystore(a0 = address): a child loads from / stores
; to the address; returns the child's status (0 if it survived).
tryload:
        li    t3, 0
        j     try
trystore:
        li    t3, 1
try:    mov   t2, a0
        sys   fork
        bnez  a0, tryw
        bnez  t3, trys
        lw    t0, 0(t2)
        li    a0, 0
        sys   exit
trys:   sw    t0, 0(t2)
        li    a0, 0
        sys   exit
tryw:   la    a0, status
        sys   wait
        la    t0, status
        lw    a0, 0(t0)
        ret

        .bss
status: .space 4

        .rodata
m_first:  .asciz "first mmap: "
m_unmap:  .asciz "munmap of the second page: "
m_inarea: .asciz "pages in an area (4 pages): "
m_sp:     .asciz " "
m_hole:   .asciz "a load from the hole: "
m_fills:  .asciz "next mmap fills the hole: "
m_reads:  .asciz "and reads: "
m_after:  .asciz "a 2-page mmap goes after: "
m_mprot:  .asciz "mprotect of the third page: "
m_still:  .asciz "it still reads: "
m_store:  .asciz "a store to it: "
m_wbits:  .asciz "writable bits (pages 3, 4): "
m_fixed:  .asciz "MAP_FIXED over the first page: "
m_reads2: .asciz "it reads: "
m_before: .asciz "page 4 before MADV_DONTNEED: "
m_madv:   .asciz "madvise: "
m_after4: .asciz "page 4 after: "
m_len0:   .asciz "mmap of length 0: "
m_unal:   .asciz "munmap of an unaligned address: "
m_mphole: .asciz "mprotect over a hole: "
m_mpunal: .asciz "mprotect of an unaligned address: "
m_both:   .asciz "MAP_SHARED and MAP_PRIVATE: "
m_neither: .asciz "neither of them: "
m_fixun:  .asciz "MAP_FIXED at an unaligned address: "

        .include "lib/io.s"
