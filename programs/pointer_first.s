; pointer_first.s: a call checks its pointer arguments before anything else
; (docs/abi.md section 1). A bad buffer is -EFAULT even when the fd is bad too,
; wait's bad status pointer is -EFAULT even with no child to wait for, and a
; read whose buffer is only partly writable reads nothing: the input stays.
;! stdin: xyz
;! stdout: write, bad fd and bad buffer: -14\n
;! stdout: read, bad fd and bad buffer: -14\n
;! stdout: wait, bad pointer and no child: -14\n
;! stdout: wait, no pointer and no child: -10\n
;! stdout: read, last page read-only: -14\n
;! stdout: the input is still there: 3\n
;! stats: segv=0
        .text
_start: li    a0, 99
        li    a1, 0x10
        li    a2, 4
        sys   write
        mov   a1, a0
        la    a0, m_write
        call  say
        li    a0, 99
        li    a1, 0x10
        li    a2, 4
        sys   read
        mov   a1, a0
        la    a0, m_read
        call  say
        li    a0, 0x20
        sys   wait
        mov   a1, a0
        la    a0, m_wait
        call  say
        li    a0, 0
        sys   wait
        mov   a1, a0
        la    a0, m_nochild
        call  say
        ; a read from stdin into a buffer that runs from .bss into .rodata-like
        ; read-only memory: map two pages, make the second read-only
        li    a0, 0
        li    a1, 2 * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s0, a0
        addi  a0, s0, PAGE_SIZE
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect
        li    a0, 0
        addi  a1, s0, PAGE_SIZE - 2
        li    a2, 3
        sys   read
        mov   a1, a0
        la    a0, m_partial
        call  say
        li    a0, 0
        la    a1, buf
        li    a2, 8
        sys   read
        mov   a1, a0
        la    a0, m_still
        call  say
        li    a0, 0
        sys   exit

        .include "lib/io.s"

        .rodata
m_write:    .asciz "write, bad fd and bad buffer: "
m_read:     .asciz "read, bad fd and bad buffer: "
m_wait:     .asciz "wait, bad pointer and no child: "
m_nochild:  .asciz "wait, no pointer and no child: "
m_partial:  .asciz "read, last page read-only: "
m_still:    .asciz "the input is still there: "

        .bss
buf:    .space 8
