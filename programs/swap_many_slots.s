; swap_many_slots.s: 320 pages in 24 frames, so nearly 300 of them are in
; swap at once: slot numbers well past 255, which need every one of the 22
; slot bits of a swap entry (docs/kernel.md). Each page holds its own number at
; two places; the program reads every one back, in reverse order, then in
; order again.
;! args: --frames 24
;! stdout: pages: 320\n
;! stdout: intact backwards: 1\n
;! stdout: intact forwards: 1\n
;! stats: swap_outs>=300
        .equ  NPAGES, 320
        .text
_start: la    s0, pages
        li    t0, 0
fill:   shli  t1, t0, 12
        add   t1, s0, t1
        sw    t0, 0(t1)
        xori  t2, t0, 0x5A5A
        sw    t2, 4092(t1)
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, fill
        mov   a1, t0
        la    a0, m_pages
        call  say
        li    s1, 1                 ; all intact so far
        li    t0, NPAGES - 1
back:   call  check
        addi  t0, t0, -1
        bge   t0, zero, back
        mov   a1, s1
        la    a0, m_back
        call  say
        li    s1, 1
        li    t0, 0
fwd:    call  check
        addi  t0, t0, 1
        li    t2, NPAGES
        blt   t0, t2, fwd
        mov   a1, s1
        la    a0, m_fwd
        call  say
        li    a0, 0
        sys   exit

; check(t0 = page number): clears s1 unless the page holds its number twice
check:  shli  t1, t0, 12
        add   t1, s0, t1
        lw    t2, 0(t1)
        beq   t2, t0, half
        li    s1, 0
half:   lw    t2, 4092(t1)
        xori  t2, t2, 0x5A5A
        beq   t2, t0, ok
        li    s1, 0
ok:     ret

        .rodata
m_pages: .asciz "pages: "
m_back:  .asciz "intact backwards: "
m_fwd:   .asciz "intact forwards: "
        .bss
        .align 4096
pages:  .space NPAGES * 4096

        .include "lib/io.s"
