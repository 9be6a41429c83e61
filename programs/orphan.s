; orphan.s: a process whose parent exits is adopted by process 1 (getppid
; becomes 1) and is reaped automatically when it exits: process 1's wait
; never returns it.
;! stdout: reaped the child: 2\n
;! stdout: orphan's parent is now: 1\n
;! stdout: then wait returned: -10\n
        .text
_start: sys   fork
        beqz  a0, child
        li    a0, 0
        sys   wait                  ; the child exits at once
        mov   a1, a0
        la    a0, m_reaped
        call  say
        li    s0, 3000              ; give the orphan time to finish
linger: sys   yield
        addi  s0, s0, -1
        bnez  s0, linger
        li    a0, 0
        sys   wait
        mov   a1, a0
        la    a0, m_wait
        call  say
        li    a0, 0
        sys   exit

child:  sys   fork
        beqz  a0, orphan
        li    a0, 0                 ; leave the grandchild behind
        sys   exit

orphan: li    s0, 300
wait1:  sys   yield
        addi  s0, s0, -1
        bnez  s0, wait1
        sys   getppid
        mov   a1, a0
        la    a0, m_parent
        call  say
        li    a0, 0
        sys   exit

        .rodata
m_reaped: .asciz "reaped the child: "
m_parent: .asciz "orphan's parent is now: "
m_wait:   .asciz "then wait returned: "

        .include "lib/io.s"
