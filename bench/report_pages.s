; report_pages.s (the report's benchmark): 64 pages written in a loop with
; --frames 40, so nearly every touch evicts one page to swap and brings
; another back: about 200,000 trace events for `--report` to keep.
;
;     bench/report                     # size of the report and time to its first view
        .equ  PAGES, 64
        .text
_start: li    s1, 540
        li    a0, PAGES * PAGE_SIZE
        sys   sbrk
        mov   s0, a0
pass:   mov   t0, s0
        li    t1, PAGES * PAGE_SIZE
        add   t1, t1, s0
loop:   lw    t2, 0(t0)
        addi  t2, t2, 1
        sw    t2, 0(t0)
        addi  t0, t0, PAGE_SIZE
        bne   t0, t1, loop
        addi  s1, s1, -1
        bnez  s1, pass
        li    a0, 0
        sys   exit
