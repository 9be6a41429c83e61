; demand_paging.s: memory is promised, not given. The 8 pages of `table`
; take no space in the executable and no frames at load time; each one
; arrives, filled with zeros, when the program first touches it: a page
; fault, a fresh frame, and the same store run again.
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
        li    a0, 1
        la    a1, msg
        li    a2, len
        sys   write
        li    a0, 0
        sys   exit

        .rodata
msg:    .ascii "touched 8 pages, took 8 faults\n"
        .equ  len, . - msg

        .bss
table:  .space NPAGES * PAGE_SIZE
