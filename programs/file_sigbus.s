; file_sigbus.s: a file mapping may be longer than its file. The last,
; partial page of the file reads zero past the end of the file; a page
; wholly past the end has nothing behind it and faults SIGBUS (128 + 7).
;! file short.txt: 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
;! stdout: byte 99: 57\n
;! stdout: bytes 100 and 4095: 0 0\n
;! stdout: a child touching page 2 of a shared mapping: 135\n
;! stdout: now page 1\n
;! exit: 135
;! stderr-contains: SIGBUS
        .text
_start: la    a0, path
        li    a1, O_RDONLY
        sys   open
        mov   s0, a0
        li    a0, 0
        li    a1, 3 * PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE
        mov   a4, s0
        li    a5, 0
        sys   mmap
        mov   s1, a0
        lbu   a1, 99(s1)
        la    a0, m_99
        call  say
        la    a0, m_past
        call  puts
        lbu   a0, 100(s1)
        call  putdec
        la    a0, m_sp
        call  puts
        lbu   a0, 4095(s1)
        call  putdec
        call  putnl

        li    a0, 0
        li    a1, 3 * PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_SHARED
        mov   a4, s0
        li    a5, 0
        sys   mmap
        mov   s2, a0
        sys   fork
        bnez  a0, parent
        lw    t0, 2 * PAGE_SIZE(s2)
        li    a0, 0
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_child
        call  say
        la    a0, m_now
        call  puts
        lbu   t0, PAGE_SIZE(s1)     ; SIGBUS
        li    a0, 0
        sys   exit

        .bss
status: .space 4

        .rodata
path:    .asciz "/short.txt"
m_99:    .asciz "byte 99: "
m_past:  .asciz "bytes 100 and 4095: "
m_sp:    .asciz " "
m_child: .asciz "a child touching page 2 of a shared mapping: "
m_now:   .asciz "now page 1\n"

        .include "lib/io.s"
