; cow_counts.s: exact copy-on-write accounting. Four bss pages are written
; before a fork. The child writes pages 0 and 1 while the parent still holds
; them: two copies. After the child is gone, the parent writes pages 0 and 2:
; it is the last user of both frames, so they are made writable without a
; copy (two reuses). Page 3 is never written again. No stack is used; the
; status word lives on a shared page, so the kernel's store into it is no
; copy-on-write fault either.
;! stdout: parent's pages after the child: 10 11 12 13\n
;! stdout: child's status: 0\n
;! stats: forks=1 cow_copies=2 cow_reuses=2 demand_zero=5 segv=0
        .text
_start: li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s2, a0                ; status word
        sw    zero, 0(s2)           ; demand-zero 1
        la    s0, pages
        li    t0, 0
init:   shli  t1, t0, 12
        add   t1, s0, t1
        addi  t2, t0, 10
        sw    t2, 0(t1)             ; demand-zero 2..5: page i holds 10 + i
        addi  t0, t0, 1
        li    t3, 4
        blt   t0, t3, init

        sys   fork
        bnez  a0, parent
        li    t0, 99
        sw    t0, 0(s0)             ; cow copy 1
        sw    t0, PAGE_SIZE(s0)     ; cow copy 2
        lw    t1, 2 * PAGE_SIZE(s0) ; a load shares without a fault
        li    t2, 12
        li    a0, 3
        bne   t1, t2, cexit
        lw    t1, 0(s0)
        li    a0, 4
        bne   t1, t0, cexit
        li    a0, 0
cexit:  sys   exit

parent: mov   a0, s2
        sys   wait
        lw    t0, 0(s0)             ; the child's stores do not show here
        lw    t1, PAGE_SIZE(s0)
        sw    t0, 0(s0)             ; cow reuse 1
        sw    t1, 2 * PAGE_SIZE + 8(s0) ; cow reuse 2
        li    a0, 1
        la    a1, m_pages
        li    a2, m_pages_len
        sys   write
        addi  a1, s2, 64            ; " 10 11 12 13\n" built on the shared page
        li    t3, 0
digits: shli  t1, t3, 12
        add   t1, s0, t1
        lw    t1, 0(t1)
        li    t2, ' '
        sb    t2, 0(a1)
        li    t2, 10
        div   a0, t1, t2
        addi  a0, a0, '0'
        sb    a0, 1(a1)
        rem   a0, t1, t2
        addi  a0, a0, '0'
        sb    a0, 2(a1)
        addi  a1, a1, 3
        addi  t3, t3, 1
        li    t2, 4
        blt   t3, t2, digits
        li    t2, '\n'
        sb    t2, 0(a1)
        li    a0, 1
        addi  a1, s2, 64
        li    a2, 13
        sys   write
        li    a0, 1
        la    a1, m_status
        li    a2, m_status_len
        sys   write
        lw    t0, 0(s2)
        addi  t0, t0, '0'
        sb    t0, 128(s2)
        li    t0, '\n'
        sb    t0, 129(s2)
        li    a0, 1
        addi  a1, s2, 128
        li    a2, 2
        sys   write
        li    a0, 0
        sys   exit

        .rodata
m_pages: .ascii "parent's pages after the child:"
        .equ  m_pages_len, . - m_pages
m_status: .ascii "child's status: "
        .equ  m_status_len, . - m_status

        .bss
pages:  .space 4 * PAGE_SIZE
