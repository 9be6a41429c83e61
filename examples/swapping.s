; swapping.s: more pages than frames. The program writes 32 pages, then
; reads them all back. Run it with only 12 frames of physical memory: to
; make room, the kernel writes pages out to swap and marks their page-table
; entries invalid, keeping the swap slot in the entry itself. When the
; program touches such a page again, the fault handler sees the slot, reads
; the page back in (a major fault) and restarts the load. The program never
; notices: its output is the same with 12 frames or 1024.
;
;     ./faultline run examples/swapping.s --frames 12 --trace=fault,swap-out,swap-in
;     ./faultline run examples/swapping.s --frames 12 --stats
;     ./faultline run examples/swapping.s --frames 1024 --stats
        .equ  NPAGES, 32
        .text
_start: la    s0, pages
        li    t0, 0
write:  shli  t1, t0, 12
        add   t1, s0, t1
        addi  t2, t0, 100
        sw    t2, 0(t1)             ; page i holds i + 100
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, write
        li    t0, 0
        li    s1, 0
read:   shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)             ; swapped out? then a swap-in, and again
        add   s1, s1, t2
        addi  t0, t0, 1
        li    t3, NPAGES
        blt   t0, t3, read
        li    t2, NPAGES * 100 + NPAGES * (NPAGES - 1) / 2
        li    a0, 1
        bne   s1, t2, done          ; exit 1 if a page came back wrong
        li    a0, 1
        la    a1, msg
        li    a2, len
        sys   write
        li    a0, 0
done:   sys   exit

        .rodata
msg:    .ascii "all 32 pages came back\n"
        .equ  len, . - msg

        .bss
pages:  .space NPAGES * PAGE_SIZE

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
