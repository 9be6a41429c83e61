; advice_flags.s: madvise with an advice it does not know, and msync with
; flags other than 0 and MS_SYNC, give -EINVAL (22), as on Linux, even on a
; range that is mapped; the hints MADV_NORMAL (0) to MADV_WILLNEED (3) and
; msync with flags 0 or MS_SYNC return 0. The advice and flags are checked
; before the address: an unaligned address with bad flags is -EINVAL too.
;! stdout: madvise 99: -22\n
;! stdout: madvise -1: -22\n
;! stdout: madvise 0..3: 0\n
;! stdout: madvise DONTNEED: 0\n
;! stdout: msync 1: -22\n
;! stdout: msync 6: -22\n
;! stdout: msync 0: 0\n
;! stdout: msync MS_SYNC: 0\n
        .text
_start: li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0
        sw    s0, 0(s0)

        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, 99
        sys   madvise
        mov   a1, a0
        la    a0, m_m99
        call  say
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, -1
        sys   madvise
        mov   a1, a0
        la    a0, m_mneg
        call  say
        li    s1, 0                 ; or of the results for 0..3
        li    s2, 0
hint:   mov   a0, s0
        li    a1, PAGE_SIZE
        mov   a2, s2
        sys   madvise
        or    s1, s1, a0
        addi  s2, s2, 1
        li    t0, 4
        blt   s2, t0, hint
        mov   a1, s1
        la    a0, m_hints
        call  say
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, MADV_DONTNEED
        sys   madvise
        mov   a1, a0
        la    a0, m_dont
        call  say

        addi  a0, s0, 1             ; unaligned too: the flags are checked first
        li    a1, PAGE_SIZE
        li    a2, 1
        sys   msync
        mov   a1, a0
        la    a0, m_s1
        call  say
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, 6
        sys   msync
        mov   a1, a0
        la    a0, m_s6
        call  say
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, 0
        sys   msync
        mov   a1, a0
        la    a0, m_s0
        call  say
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, MS_SYNC
        sys   msync
        mov   a1, a0
        la    a0, m_ssync
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_m99:   .asciz "madvise 99: "
m_mneg:  .asciz "madvise -1: "
m_hints: .asciz "madvise 0..3: "
m_dont:  .asciz "madvise DONTNEED: "
m_s1:    .asciz "msync 1: "
m_s6:    .asciz "msync 6: "
m_s0:    .asciz "msync 0: "
m_ssync: .asciz "msync MS_SYNC: "

        .include "lib/io.s"
