; minor_major.s: minor and major faults, counted by the process itself with
; rusage. A minor fault is resolved from memory alone (a zero page, a page
; already in the cache, a copy); a major fault had to do I/O (read the page
; from swap or a file). The program touches 24 new pages (24 minor faults),
; then reads them all again. With enough frames that second pass costs
; nothing; with 12 frames most of the pages were swapped out in between and
; come back with major faults.
;
;     ./faultline run examples/minor_major.s
;     ./faultline run examples/minor_major.s --frames 12
        .equ  NPAGES, 24
        .text
_start: la    t0, usage
        sw    zero, 0(t0)           ; the counters' own page, touched up front
        call  snapshot
        la    s0, pages
        li    t0, 0
first:  shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, first
        la    a0, m_first
        call  report
        li    t0, 0
again:  shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, again
        la    a0, m_again
        call  report
        li    a0, 0
        sys   exit

; snapshot(): remember the current minor and major fault counts.
snapshot:
        la    a0, usage
        sys   rusage
        la    t0, usage
        lw    t1, 0(t0)
        sw    t1, 32(t0)
        lw    t1, 4(t0)
        sw    t1, 36(t0)
        ret

; report(a0 = label): print the minor and major faults since the snapshot.
report: push  a0
        la    a0, usage
        sys   rusage
        pop   a0
        call  puts
        la    a0, m_minor
        call  puts
        la    t0, usage
        lw    a0, 0(t0)
        lw    t1, 32(t0)
        sub   a0, a0, t1
        call  putdec
        la    a0, m_major
        call  puts
        la    t0, usage
        lw    a0, 4(t0)
        lw    t1, 36(t0)
        sub   a0, a0, t1
        call  putdec
        la    a0, m_nl
        call  puts
        j     snapshot

        .rodata
m_first: .asciz "first touch of 24 pages:"
m_again: .asciz "touching them again:    "
m_minor: .asciz " minor "
m_major: .asciz ", major "
m_nl:    .asciz "\n"

        .bss
usage:  .space 40
        .align PAGE_SIZE
pages:  .space NPAGES * PAGE_SIZE

        .include "lib/print.s"              ; puts, putdec

; --- how much memory it needs (a test runs each line) ---
; --frames 32 or more: the same output as with the default 256 frames.
; (With fewer, the second pass meets pages that went to swap: that is the
; lesson, and the counts it prints change with the frames.)
