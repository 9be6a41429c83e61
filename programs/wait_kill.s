; wait_kill.s: process ids, exit statuses and kill. wait with no children is
; -ECHILD; an exit status is kept modulo 256; a child killed by SIGTERM or
; SIGKILL has status 128 + n; wait blocks until a running child finishes;
; kill of a missing pid is -ESRCH and of a bad signal number -EINVAL.
;! stdout: wait with no children: -10\n
;! stdout: getpid: 1\n
;! stdout: getppid: 0\n
;! stdout: exit(300) gives status: 44\n
;! stdout: wait returned that child: 1\n
;! stdout: kill(child, SIGTERM): 0\n
;! stdout: status after SIGTERM: 143\n
;! stdout: status after SIGKILL: 137\n
;! stdout: a busy child's status after a blocking wait: 9\n
;! stdout: wait with a null status pointer returns: 6\n
;! stdout: kill(999, SIGTERM): -3\n
;! stdout: kill(1, 32): -22\n
;! stdout: kill(1, -1): -22\n
        .text
_start: li    a0, 0
        sys   wait
        mov   a1, a0
        la    a0, m_nokids
        call  say
        sys   getpid
        mov   a1, a0
        la    a0, m_pid
        call  say
        sys   getppid
        mov   a1, a0
        la    a0, m_ppid
        call  say

        sys   fork                  ; child pid 2: exits 300 if its ids are right
        beqz  a0, exit300
        mov   s0, a0
        la    a0, status
        sys   wait
        sub   t0, a0, s0
        sltiu s1, t0, 1
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_300
        call  say
        mov   a1, s1
        la    a0, m_which
        call  say

        sys   fork                  ; pid 3: spins until killed
        beqz  a0, spin
        mov   s0, a0
        mov   a0, s0
        li    a1, SIGTERM
        sys   kill
        mov   a1, a0
        la    a0, m_kill
        call  say
        la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_term
        call  say

        sys   fork                  ; pid 4: spins until killed
        beqz  a0, spin
        li    a1, SIGKILL
        sys   kill
        la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_killed
        call  say

        sys   fork                  ; pid 5: busy for a while, exits 9
        beqz  a0, busy
        la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_busy
        call  say

        sys   fork                  ; pid 6
        beqz  a0, busy
        li    a0, 0
        sys   wait
        mov   a1, a0
        la    a0, m_null
        call  say

        li    a0, 999
        li    a1, SIGTERM
        sys   kill
        mov   a1, a0
        la    a0, m_esrch
        call  say
        li    a0, 1
        li    a1, 32
        sys   kill
        mov   a1, a0
        la    a0, m_bad32
        call  say
        li    a0, 1
        li    a1, -1
        sys   kill
        mov   a1, a0
        la    a0, m_badm1
        call  say
        li    a0, 0
        sys   exit

exit300:
        sys   getpid
        li    t0, 2
        bne   a0, t0, wrong
        sys   getppid
        li    t0, 1
        bne   a0, t0, wrong
        li    a0, 300
        sys   exit
wrong:  li    a0, 1
        sys   exit

spin:   sys   yield
        j     spin

busy:   li    t0, 20000
busy1:  addi  t0, t0, -1
        bnez  t0, busy1
        li    a0, 9
        sys   exit

        .bss
status: .space 4

        .rodata
m_nokids: .asciz "wait with no children: "
m_pid:    .asciz "getpid: "
m_ppid:   .asciz "getppid: "
m_300:    .asciz "exit(300) gives status: "
m_which:  .asciz "wait returned that child: "
m_kill:   .asciz "kill(child, SIGTERM): "
m_term:   .asciz "status after SIGTERM: "
m_killed: .asciz "status after SIGKILL: "
m_busy:   .asciz "a busy child's status after a blocking wait: "
m_null:   .asciz "wait with a null status pointer returns: "
m_esrch:  .asciz "kill(999, SIGTERM): "
m_bad32:  .asciz "kill(1, 32): "
m_badm1:  .asciz "kill(1, -1): "

        .include "lib/io.s"
