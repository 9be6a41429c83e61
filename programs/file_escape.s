; file_escape.s: the guest sees only its --root folder. A path that climbs
; out with `..`, or through a symbolic link that points out, fails with
; -EACCES; a link that stays inside works.
;! file inside.txt: inside\n
;! file sub/deeper.txt: deeper\n
;! symlink alias.txt: inside.txt
;! symlink etc: /etc
;! symlink hostfile: /etc/passwd
;! stdout: /inside.txt: inside\n
;! stdout: /sub/deeper.txt: deeper\n
;! stdout: /alias.txt: inside\n
;! stdout: /../inside.txt: -13\n
;! stdout: ../inside.txt: -13\n
;! stdout: /sub/../../inside.txt: -13\n
;! stdout: /etc/passwd: -13\n
;! stdout: /hostfile: -13\n
;! stdout: /missing.txt: -2\n
        .text
_start: la    s0, paths
next:   lw    s1, 0(s0)
        beqz  s1, done
        mov   a0, s1
        call  puts
        la    a0, m_colon
        call  puts
        mov   a0, s1
        li    a1, O_RDONLY
        sys   open
        blt   a0, zero, failed
        mov   s2, a0
        la    a1, buf
        li    a2, 64
        sys   read
        mov   a2, a0
        li    a0, 1
        la    a1, buf
        sys   write
        mov   a0, s2
        sys   close
        j     step
failed: call  putdec
        call  putnl
step:   addi  s0, s0, 4
        j     next
done:   li    a0, 0
        sys   exit

        .bss
buf:    .space 64

        .rodata
paths:  .word p1, p2, p3, p4, p5, p6, p7, p8, p9, 0
p1:     .asciz "/inside.txt"
p2:     .asciz "/sub/deeper.txt"
p3:     .asciz "/alias.txt"
p4:     .asciz "/../inside.txt"
p5:     .asciz "../inside.txt"
p6:     .asciz "/sub/../../inside.txt"
p7:     .asciz "/etc/passwd"
p8:     .asciz "/hostfile"
p9:     .asciz "/missing.txt"
m_colon: .asciz ": "

        .include "lib/io.s"
