; helper/exec_child.s: the program exec.s runs with exec (assembled into its
; root as /bin/child.flx). Prints its pid and a word of its own .data, exits 7.
        .text
_start: la    a0, m_new
        call  puts
        sys   getpid
        call  putdec
        la    a0, m_data
        call  puts
        la    t0, word
        lw    a0, 0(t0)
        call  putdec
        call  putnl
        li    a0, 7
        sys   exit

        .data
word:   .word 42

        .rodata
m_new:  .asciz "new image: pid "
m_data: .asciz ", data "

        .include "../lib/io.s"
