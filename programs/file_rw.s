; file_rw.s: files in the --root folder. open of a missing file without
; O_CREAT is -ENOENT; O_CREAT|O_TRUNC makes it; write appends at the offset,
; O_APPEND writes at the end; read and lseek see what was written; the host
; file holds it afterwards.
;! file data/in.txt: from the host\n
;! root-after notes.txt: FIRST line\nsecond line\n
;! root-after data/in.txt: from the host\n
;! stdout: host file: from the host\n
;! stdout: open of a missing file: -2\n
;! stdout: created, fd: 4\n
;! stdout: wrote: 11\n
;! stdout: appended: 12\n
;! stdout: read back 23 bytes:\n
;! stdout: first line\nsecond line\n
;! stdout: lseek to the end: 23\n
;! stdout: lseek to 6: 6\n
;! stdout: then read: line\n
;! stdout: read after close: -9\n
        .text
_start: la    a0, p_in
        li    a1, O_RDONLY
        sys   open
        mov   s0, a0                ; fd 3, kept open
        mov   a0, s0
        la    a1, buf
        li    a2, 100
        sys   read
        mov   s1, a0
        la    a0, m_host
        call  puts
        li    a0, 1
        la    a1, buf
        mov   a2, s1
        sys   write

        la    a0, p_notes
        li    a1, O_RDONLY
        sys   open
        mov   a1, a0
        la    a0, m_missing
        call  say
        la    a0, p_notes
        li    a1, O_CREAT | O_WRONLY | O_TRUNC
        sys   open
        mov   s0, a0
        mov   a1, a0
        la    a0, m_fd
        call  say
        mov   a0, s0
        la    a1, t_first
        li    a2, 11
        sys   write
        mov   a1, a0
        la    a0, m_wrote
        call  say
        mov   a0, s0
        sys   close

        la    a0, p_notes
        li    a1, O_WRONLY | O_APPEND
        sys   open
        mov   s0, a0
        mov   a0, s0
        la    a1, t_second
        li    a2, 12
        sys   write
        mov   a1, a0
        la    a0, m_app
        call  say
        mov   a0, s0
        sys   close

        la    a0, p_notes
        li    a1, O_RDONLY
        sys   open
        mov   s0, a0
        mov   a0, s0
        la    a1, buf
        li    a2, 100
        sys   read
        mov   s1, a0
        la    a0, m_back
        call  puts
        mov   a0, s1
        call  putdec
        la    a0, m_bytes
        call  puts
        li    a0, 1
        la    a1, buf
        mov   a2, s1
        sys   write
        mov   a0, s0
        li    a1, 0
        li    a2, 2
        sys   lseek
        mov   a1, a0
        la    a0, m_end
        call  say
        mov   a0, s0
        li    a1, 6
        li    a2, 0
        sys   lseek
        mov   a1, a0
        la    a0, m_six
        call  say
        mov   a0, s0
        la    a1, buf
        li    a2, 4
        sys   read
        la    a0, m_then
        call  puts
        li    a0, 1
        la    a1, buf
        li    a2, 4
        sys   write
        call  putnl
        mov   a0, s0
        sys   close
        mov   a0, s0
        la    a1, buf
        li    a2, 4
        sys   read
        mov   a1, a0
        la    a0, m_closed
        call  say

        la    a0, p_notes           ; overwrite the start in place
        li    a1, O_RDWR
        sys   open
        mov   s0, a0
        la    a1, t_upper
        li    a2, 5
        sys   write
        mov   a0, s0
        sys   close
        li    a0, 0
        sys   exit

        .bss
buf:    .space 128

        .rodata
p_in:     .asciz "/data/in.txt"
p_notes:  .asciz "/notes.txt"
t_first:  .ascii "first line\n"
t_second: .ascii "second line\n"
t_upper:  .ascii "FIRST"
m_host:   .asciz "host file: "
m_missing: .asciz "open of a missing file: "
m_fd:     .asciz "created, fd: "
m_wrote:  .asciz "wrote: "
m_app:    .asciz "appended: "
m_back:   .asciz "read back "
m_bytes:  .asciz " bytes:\n"
m_end:    .asciz "lseek to the end: "
m_six:    .asciz "lseek to 6: "
m_then:   .asciz "then read: "
m_closed: .asciz "read after close: "

        .include "lib/io.s"
