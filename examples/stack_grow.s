; stack_grow.s: the stack grows on demand. A process starts with a stack
; area of one page below 0x80000000. A recursive function that takes 1 KiB
; of stack per call soon runs below it: the store into the new frame faults
; at an address just under the stack area. The kernel sees that the address
; lies within the stack's 1 MiB limit with nothing mapped in between, moves
; the area down to cover it, and maps a zero page there (kind `stack-grow`,
; a minor fault), and the store runs again. The program counts its own
; minor faults with rusage around the recursion.
;
;     ./faultline run examples/stack_grow.s
;     ./faultline run examples/stack_grow.s --trace=fault,restart
;     ./faultline debug examples/stack_grow.s    # then: catch fault, continue, vmas, stepi, vmas
        .equ  DEPTH, 16             ; levels below the first call
        .equ  FRAME, 1024           ; bytes of stack each level takes
        .text
_start: la    s0, usage
        sw    zero, 0(s0)           ; the counters' own page, touched before counting
        push  s0                    ; and the stack's first page (a demand-zero fault,
        pop   s0                    ; not a stack-grow: the area already covers it)
        mov   a0, s0
        sys   rusage
        lw    s1, 0(s0)             ; minor faults before the recursion
        li    a0, DEPTH
        call  deep
        mov   s2, a0                ; 16 + 15 + ... + 1
        mov   a0, s0
        sys   rusage
        la    a0, m_sum
        call  puts
        mov   a0, s2
        call  putdec
        la    a0, m_grew
        call  puts
        lw    a0, 0(s0)
        sub   a0, a0, s1            ; minor faults taken by the recursion
        call  putdec
        la    a0, m_pages
        call  puts
        li    a0, 0
        sys   exit

; deep(a0 = n): n + deep(n - 1), with a 1 KiB frame at each level
deep:   addi  sp, sp, -FRAME
        sw    a0, 0(sp)             ; first store into the frame: below the stack? a stack-grow fault
        beqz  a0, bottom
        addi  a0, a0, -1
        call  deep
        lw    t0, 0(sp)
        add   a0, a0, t0
bottom: addi  sp, sp, FRAME
        ret

        .rodata
m_sum:   .asciz "recursion 16 levels deep, 1 KiB a level: sum "
m_grew:  .asciz "; the stack grew by "
m_pages: .asciz " pages on the way down (one stack-grow fault each)\n"

        .bss
usage:  .space 32

        .include "lib/print.s"              ; puts, putdec

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
