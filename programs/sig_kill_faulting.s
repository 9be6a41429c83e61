; sig_kill_faulting.s: signals from another process land while a process is
; faulting its pages in. The parent sends SIGTERM to its child 300 times while
; the child writes one word on each of 200 new pages (a demand-zero fault
; each). With three instructions a time slice the kills come between the
; child's faults, and each is delivered when the child is next switched in:
; its handler runs (kills sent meanwhile fold into one pending signal) and
; sigreturn goes back to where the child was. No write is lost (each page
; holds its index: 0 + 1 + ... + 199), and the restart records are those of
; the child's resolved faults alone, never one at a handler's entry or return.
; (bench/README.md, mutants: this is where restart-elsewhere would show if a
; signal could come between a resolved fault and the return to its pc; it
; cannot, so that mutant stays uncaught.)
;! args: --quantum 3
;! stdout: child: the pages hold 19900\n
;! stdout: child: the handler ran: 1\n
;! stdout: parent: sent 300, child status 7\n
        .text
_start: li    a0, SIGTERM           ; the child inherits the handler
        la    a1, h_term
        sys   sigaction
        sys   fork
        bnez  a0, parent

child:  la    s0, area
        li    s1, 0
touch:  shli  t0, s1, 12
        add   t0, t0, s0
        sw    s1, 0(t0)             ; a new page: a fault, then the store again
        addi  s1, s1, 1
        li    t2, PAGES
        blt   s1, t2, touch
        li    s1, 0                 ; read every page back
        li    s2, 0
sum:    shli  t0, s1, 12
        add   t0, t0, s0
        lw    t1, 0(t0)
        add   s2, s2, t1
        addi  s1, s1, 1
        li    t2, PAGES
        blt   s1, t2, sum
        la    a0, m_sum
        mov   a1, s2
        call  say
        la    t0, count
        lw    t1, 0(t0)
        sltu  a1, zero, t1          ; 1 when the handler ran at all
        la    a0, m_ran
        call  say
        li    a0, 7
        sys   exit

parent: mov   s0, a0                ; the child's pid
        li    s1, 0
again:  mov   a0, s0
        li    a1, SIGTERM
        sys   kill
        addi  s1, s1, 1
        li    t0, 300
        blt   s1, t0, again
        la    a0, status
        sys   wait
        la    a0, m_sent
        call  puts
        mov   a0, s1
        call  putdec
        la    a0, m_status
        la    t0, status
        lw    a1, 0(t0)
        call  say
        li    a0, 0
        sys   exit

h_term: la    t0, count             ; counts the signals delivered
        lw    t1, 0(t0)
        addi  t1, t1, 1
        sw    t1, 0(t0)
        sys   sigreturn

        .include "lib/io.s"

        .equ  PAGES, 200
        .bss
count:  .space 4
status: .space 4
        .align 4096
area:   .space PAGES * 4096

        .rodata
m_sum:    .asciz "child: the pages hold "
m_ran:    .asciz "child: the handler ran: "
m_sent:   .asciz "parent: sent "
m_status: .asciz ", child status "
