; helper/exec_says.s: the program exec_cached.s patches and runs (assembled
; into its root as /bin/says.flx). Prints the letter after "says: " in its
; own .rodata; exec_cached.s changes that letter through a shared mapping.
        .text
_start: la    a0, m_says
        call  puts
        li    a0, 0
        sys   exit

        .rodata
m_says: .asciz "the new program says: A\n"

        .include "../lib/io.s"
