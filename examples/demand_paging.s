; demand_paging.s: memory is promised, not given. The 8 pages of `table`
; take no space in the executable and no frames at load time; each one
; arrives, filled with zeros, when the program first touches it: a page
; fault, a fresh frame, and the same store run again. It then asks the
; kernel how many faults it took (rusage) and prints the counts.
;
;     ./faultline run examples/demand_paging.s --trace=fault,restart
;     ./faultline run examples/demand_paging.s --stats
        .equ  NPAGES, 8
        .text
_start: la    s0, table
        li    t0, 0
touch:  shli  t1, t0, 12            ; t1 = i * 4096
        add   t1, s0, t1
        sw    t0, 0(t1)             ; first touch of page i: a demand-zero fault
        sw    t0, 4(t1)             ; same page again: no fault
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, touch
        la    a0, table + 16        ; rusage's 8 words go into page 0, already here
        sys   rusage
        la    a0, m_touched
        call  puts
        la    t0, table + 16
        lw    a0, 0(t0)             ; minor faults so far
        call  putdec
        la    a0, m_minor
        call  puts
        la    t0, table + 16
        lw    a0, 4(t0)             ; major faults so far
        call  putdec
        la    a0, m_major
        call  puts
        li    a0, 0
        sys   exit

        .rodata
m_touched: .asciz "touched 8 pages: "
m_minor:   .asciz " minor faults (a zero page each), "
m_major:   .asciz " major so far (the code, read from the executable)\n"

        .bss
table:  .space NPAGES * PAGE_SIZE

        .include "lib/print.s"

; --- how much memory it needs (a test runs each line) ---
; --frames 11 or more: the same output as with the default 256 frames.
; (With 10 or fewer the code page is evicted and read again: 2 major.)
