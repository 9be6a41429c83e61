; divrem.s: signed division truncates toward zero and the remainder takes the
; sign of the dividend; INT_MIN / -1 is INT_MIN and INT_MIN % -1 is 0 (no
; trap); unsigned division treats the high bit as a value bit.
;! stdout: 7/2=3 7%2=1\n
;! stdout: -7/2=-3 -7%2=-1\n
;! stdout: 7/-2=-3 7%-2=1\n
;! stdout: -7/-2=3 -7%-2=-1\n
;! stdout: INT_MIN/-1=-2147483648 INT_MIN%-1=0\n
;! stdout: divu: 0x7fffffff\n
;! stdout: divu big/-1: 0\n
;! stdout: remu: 5\n
;! stdout: remu small: 7\n
;! stdout: div in place: -33\n
        .text
_start: li    s0, 7
        li    s1, 2
        call  pair
        li    s0, -7
        li    s1, 2
        call  pair
        li    s0, 7
        li    s1, -2
        call  pair
        li    s0, -7
        li    s1, -2
        call  pair
        la    a0, m_min
        call  puts
        li    t0, 0x80000000
        li    t1, -1
        div   a0, t0, t1
        call  putdec
        la    a0, m_minrem
        call  puts
        li    t0, 0x80000000
        li    t1, -1
        rem   a0, t0, t1
        call  putdec
        call  putnl

        li    t0, 0xffffffff
        li    t1, 2
        divu  a1, t0, t1
        la    a0, m_divu
        call  sayx
        li    t0, 0x80000000
        li    t1, 0xffffffff
        divu  a1, t0, t1
        la    a0, m_divu2
        call  say
        li    t0, 0xffffffff
        li    t1, 10
        remu  a1, t0, t1
        la    a0, m_remu
        call  say
        li    t0, 7
        li    t1, 0xffffffff
        remu  a1, t0, t1
        la    a0, m_remu2
        call  say
        li    t0, 100
        li    t1, -3
        div   t0, t0, t1            ; destination is also a source
        mov   a1, t0
        la    a0, m_inpl
        call  say
        li    a0, 0
        sys   exit

; pair(): print "s0/s1=q s0%s1=r"
pair:   mov   a0, s0
        call  putdec
        la    a0, m_slash
        call  puts
        mov   a0, s1
        call  putdec
        la    a0, m_eq
        call  puts
        div   a0, s0, s1
        call  putdec
        la    a0, m_sp
        call  puts
        mov   a0, s0
        call  putdec
        la    a0, m_pct
        call  puts
        mov   a0, s1
        call  putdec
        la    a0, m_eq
        call  puts
        rem   a0, s0, s1
        call  putdec
        j     putnl

        .rodata
m_slash: .asciz "/"
m_pct:   .asciz "%"
m_eq:    .asciz "="
m_sp:    .asciz " "
m_min:   .asciz "INT_MIN/-1="
m_minrem: .asciz " INT_MIN%-1="
m_divu:  .asciz "divu: "
m_divu2: .asciz "divu big/-1: "
m_remu:  .asciz "remu: "
m_remu2: .asciz "remu small: "
m_inpl:  .asciz "div in place: "

        .include "lib/io.s"
