; exec.s: exec replaces the process's image with an FLX file from the root,
; keeping its pid: the new program starts fresh (its own .data) and its exit
; status is the process's. A missing file is -ENOENT, a file that is not FLX
; is -ENOEXEC, a bad path pointer -EFAULT.
;! flx bin/child.flx: helper/exec_child.s
;! file junk.flx: this is not an executable\n
;! stdout: exec of a missing file: -2\n
;! stdout: exec of a text file: -8\n
;! stdout: exec of a bad pointer: -14\n
;! stdout: new image: pid 2, data 42\n
;! stdout: the child's status: 7\n
;! stdout: new image: pid 1, data 42\n
;! exit: 7
        .text
_start: la    t0, word
        li    t1, 6
        sw    t1, 0(t0)
        la    a0, p_missing
        sys   exec
        mov   a1, a0
        la    a0, m_missing
        call  say
        la    a0, p_junk
        sys   exec
        mov   a1, a0
        la    a0, m_junk
        call  say
        li    a0, 0x10
        sys   exec
        mov   a1, a0
        la    a0, m_bad
        call  say

        sys   fork
        bnez  a0, parent
        la    a0, p_child
        sys   exec
        li    a0, 99                ; exec failed
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_status
        call  say
        la    a0, p_child
        sys   exec
        li    a0, 98
        sys   exit

        .data
word:   .word 5

        .bss
status: .space 4

        .rodata
p_missing: .asciz "/bin/missing.flx"
p_junk:    .asciz "/junk.flx"
p_child:   .asciz "/bin/child.flx"
m_missing: .asciz "exec of a missing file: "
m_junk:    .asciz "exec of a text file: "
m_bad:     .asciz "exec of a bad pointer: "
m_status:  .asciz "the child's status: "

        .include "lib/io.s"
