; belady.s: Belady's anomaly. With FIFO replacement, giving a program MORE
; frames can give it MORE page faults. The program references five data
; pages in the classic order 1 2 3 4 1 2 5 1 2 3 4 5, twice over.
;
; Every frame count includes the frames the kernel keeps for page tables
; (the root table and one second-level table here) and the program's own
; text page, which every instruction fetch references; the walkthrough in
; examples/README.md shows the counts.
;
;     ./faultline compare examples/belady.s --policies fifo,lru,opt --frames 6,7,8
;     ./faultline run examples/belady.s --policy fifo --frames 6 --stats
;     ./faultline run examples/belady.s --policy fifo --frames 7 --stats
        .text
_start: la    s0, pages
        li    s1, 2                 ; two rounds
round:  lw    t0, 1 * PAGE_SIZE(s0)
        lw    t0, 2 * PAGE_SIZE(s0)
        lw    t0, 3 * PAGE_SIZE(s0)
        lw    t0, 4 * PAGE_SIZE(s0)
        lw    t0, 1 * PAGE_SIZE(s0)
        lw    t0, 2 * PAGE_SIZE(s0)
        lw    t0, 5 * PAGE_SIZE(s0)
        lw    t0, 1 * PAGE_SIZE(s0)
        lw    t0, 2 * PAGE_SIZE(s0)
        lw    t0, 3 * PAGE_SIZE(s0)
        lw    t0, 4 * PAGE_SIZE(s0)
        lw    t0, 5 * PAGE_SIZE(s0)
        addi  s1, s1, -1
        bnez  s1, round
        li    a0, 0
        sys   exit

        .bss
pages:  .space 6 * PAGE_SIZE        ; page 0 unused: the pages are 1..5

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
