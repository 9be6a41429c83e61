; shared_three.s: a MAP_SHARED | MAP_ANONYMOUS area stays shared across fork:
; three processes each write their own slot on two shared pages, and the
; parent sees all three. A private word written by the children is not shared.
;! stdout: page 0 slots sum to: 321\n
;! stdout: page 1 slots sum to: 321\n
;! stdout: private word still: 5\n
;! stdout: children that failed: 0\n
        .text
_start: li    a0, 0
        li    a1, 2 * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0
        la    t0, private
        li    t1, 5
        sw    t1, 0(t0)

        li    s1, 20                ; first child's value, slot 1
        li    s2, 4
        sys   fork
        beqz  a0, child
        li    s1, 300               ; second child's value, slot 2
        li    s2, 8
        sys   fork
        beqz  a0, child

        li    t0, 1                 ; the parent: slot 0
        sw    t0, 0(s0)
        sw    t0, PAGE_SIZE(s0)
        li    s1, 0                 ; children that failed
        li    s2, 2
reap:   la    a0, status
        sys   wait
        la    t0, status
        lw    t0, 0(t0)
        beqz  t0, reaped
        addi  s1, s1, 1
reaped: addi  s2, s2, -1
        bnez  s2, reap

        lw    t0, 0(s0)
        lw    t1, 4(s0)
        lw    t2, 8(s0)
        add   a1, t0, t1
        add   a1, a1, t2
        la    a0, m_p0
        call  say
        lw    t0, PAGE_SIZE(s0)
        lw    t1, PAGE_SIZE + 4(s0)
        lw    t2, PAGE_SIZE + 8(s0)
        add   a1, t0, t1
        add   a1, a1, t2
        la    a0, m_p1
        call  say
        la    t0, private
        lw    a1, 0(t0)
        la    a0, m_priv
        call  say
        mov   a1, s1
        la    a0, m_fail
        call  say
        li    a0, 0
        sys   exit

; a child: store s1 into slot s2 of both pages, change the private word.
child:  add   t0, s0, s2
        sw    s1, 0(t0)
        sw    s1, PAGE_SIZE(t0)
        la    t0, private
        sw    s1, 0(t0)
        lw    t1, 0(t0)
        li    a0, 1
        bne   t1, s1, cdone
        li    a0, 0
cdone:  sys   exit

        .bss
private: .space 4
status:  .space 4

        .rodata
m_p0:   .asciz "page 0 slots sum to: "
m_p1:   .asciz "page 1 slots sum to: "
m_priv: .asciz "private word still: "
m_fail: .asciz "children that failed: "

        .include "lib/io.s"
