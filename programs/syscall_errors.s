; syscall_errors.s: system calls report errors as -errno and never crash
; the process: a bad fd is -EBADF, a buffer that is not mapped (or not
; writable where the call writes) is -EFAULT with no signal and no segv
; fault, an unknown number is -ENOSYS, and open with no --root is -ENOENT
; (but -EFAULT first, if the path itself is a bad pointer).
;! stdin: abcd\n
;! stdout: write to fd 99: -9\n
;! stdout: write to fd -1: -9\n
;! stdout: write from an unmapped buffer: -14\n
;! stdout: write from kernel space: -14\n
;! stdout: write of 0 bytes: 0\n
;! stdout: read into .rodata: -14\n
;! stdout: read into .bss: 5\n
;! stdout: it read: abcd\n
;! stdout: read at the end of input: 0\n
;! stdout: close of fd 42: -9\n
;! stdout: lseek on fd 42: -9\n
;! stdout: syscall 99: -38\n
;! stdout: syscall 24: -38\n
;! stdout: open of a bad pointer: -14\n
;! stdout: open without --root: -2\n
;! stdout: rusage into an unmapped buffer: -14\n
;! stdout: pginfo of an unmapped page: 0\n
;! stats: segv=0
        .text
_start: li    a0, 99
        la    a1, m_wfd
        li    a2, 1
        sys   write
        mov   a1, a0
        la    a0, m_wfd
        call  say
        li    a0, -1
        la    a1, m_wfd
        li    a2, 1
        sys   write
        mov   a1, a0
        la    a0, m_wneg
        call  say
        li    a0, 1
        li    a1, 0x100
        li    a2, 4
        sys   write
        mov   a1, a0
        la    a0, m_wbad
        call  say
        li    a0, 1
        li    a1, 0x80000000
        li    a2, 4
        sys   write
        mov   a1, a0
        la    a0, m_wkern
        call  say
        li    a0, 1
        la    a1, m_wfd
        li    a2, 0
        sys   write
        mov   a1, a0
        la    a0, m_wzero
        call  say

        li    a0, 0
        la    a1, m_wfd             ; read-only: the call checks before it reads
        li    a2, 4
        sys   read
        mov   a1, a0
        la    a0, m_rro
        call  say
        li    a0, 0
        la    a1, buf
        li    a2, 64
        sys   read
        mov   s0, a0
        mov   a1, a0
        la    a0, m_rok
        call  say
        la    a0, m_it
        call  puts
        li    a0, 1
        la    a1, buf
        mov   a2, s0
        sys   write
        li    a0, 0
        la    a1, buf
        li    a2, 64
        sys   read
        mov   a1, a0
        la    a0, m_eof
        call  say

        li    a0, 42
        sys   close
        mov   a1, a0
        la    a0, m_close
        call  say
        li    a0, 42
        li    a1, 0
        li    a2, 0
        sys   lseek
        mov   a1, a0
        la    a0, m_lseek
        call  say
        sys   99
        mov   a1, a0
        la    a0, m_99
        call  say
        sys   24
        mov   a1, a0
        la    a0, m_24
        call  say
        li    a0, 0x10
        li    a1, O_RDONLY
        sys   open
        mov   a1, a0
        la    a0, m_openbad
        call  say
        la    a0, path
        li    a1, O_RDONLY
        sys   open
        mov   a1, a0
        la    a0, m_noroot
        call  say
        li    a0, 0x200
        sys   rusage
        mov   a1, a0
        la    a0, m_rus
        call  say
        li    a0, 0x200
        sys   pginfo
        mov   a1, a0
        la    a0, m_pg
        call  say
        li    a0, 0
        sys   exit

        .bss
buf:    .space 64

        .rodata
path:     .asciz "/etc/passwd"
m_wfd:    .asciz "write to fd 99: "
m_wneg:   .asciz "write to fd -1: "
m_wbad:   .asciz "write from an unmapped buffer: "
m_wkern:  .asciz "write from kernel space: "
m_wzero:  .asciz "write of 0 bytes: "
m_rro:    .asciz "read into .rodata: "
m_rok:    .asciz "read into .bss: "
m_it:     .asciz "it read: "
m_eof:    .asciz "read at the end of input: "
m_close:  .asciz "close of fd 42: "
m_lseek:  .asciz "lseek on fd 42: "
m_99:     .asciz "syscall 99: "
m_24:     .asciz "syscall 24: "
m_openbad: .asciz "open of a bad pointer: "
m_noroot: .asciz "open without --root: "
m_rus:    .asciz "rusage into an unmapped buffer: "
m_pg:     .asciz "pginfo of an unmapped page: "

        .include "lib/io.s"
