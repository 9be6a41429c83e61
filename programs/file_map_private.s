; file_map_private.s: a MAP_PRIVATE file mapping reads the file, but a store
; gives the process its own copy of the page: the file itself, and read(),
; keep the original text. mmap checks its arguments: a shared writable
; mapping needs a file open for writing (-EACCES), the offset must be
; page-aligned (-EINVAL), and the fd must be open (-EBADF). msync on the
; written private page succeeds and writes nothing: the file is unchanged
; after the run (root-after).
;! file secret.txt: original text\n
;! root-after secret.txt: original text\n
;! stdout: through the mapping: CHANGEDl text\n
;! stdout: msync of the private page: 0\n
;! stdout: read() sees: original text\n
;! stdout: a second private mapping sees: original text\n
;! stdout: shared writable mapping of a read-only fd: -13\n
;! stdout: unaligned offset: -22\n
;! stdout: closed fd: -9\n
        .text
_start: la    a0, path
        li    a1, O_RDWR
        sys   open
        mov   s0, a0
        mov   a4, s0
        call  mapit
        mov   s1, a0
        la    t0, changed
        li    t1, 0
chg:    add   t2, t0, t1
        lbu   t2, 0(t2)
        add   t3, s1, t1
        sb    t2, 0(t3)
        addi  t1, t1, 1
        li    t2, 7
        blt   t1, t2, chg
        la    a0, m_map
        call  puts
        li    a0, 1
        mov   a1, s1
        li    a2, 14
        sys   write
        mov   a0, s1                ; msync writes shared mappings only: the copy stays ours
        li    a1, PAGE_SIZE
        li    a2, MS_SYNC
        sys   msync
        mov   a1, a0
        la    a0, m_msync
        call  say

        mov   a0, s0
        la    a1, buf
        li    a2, 64
        sys   read
        mov   s2, a0
        la    a0, m_read
        call  puts
        li    a0, 1
        la    a1, buf
        mov   a2, s2
        sys   write
        mov   a0, s1
        li    a1, PAGE_SIZE
        sys   munmap

        mov   a4, s0                ; a new private mapping: the file is untouched
        call  mapit
        mov   s1, a0
        la    a0, m_second
        call  puts
        li    a0, 1
        mov   a1, s1
        li    a2, 14
        sys   write

        la    a0, path
        li    a1, O_RDONLY
        sys   open
        mov   s2, a0
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED
        mov   a4, s2
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_acces
        call  say
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE
        mov   a4, s2
        li    a5, 100
        sys   mmap
        mov   a1, a0
        la    a0, m_unal
        call  say
        mov   a0, s2
        sys   close
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE
        mov   a4, s2
        li    a5, 0
        sys   mmap
        mov   a1, a0
        la    a0, m_badf
        call  say
        li    a0, 0
        sys   exit

; mapit(a4 = fd): a private read-write mapping of the file's first page.
mapit:  li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE
        li    a5, 0
        sys   mmap
        ret

        .bss
buf:    .space 64

        .rodata
path:    .asciz "/secret.txt"
changed: .ascii "CHANGED"
m_map:   .asciz "through the mapping: "
m_msync: .asciz "msync of the private page: "
m_read:  .asciz "read() sees: "
m_second: .asciz "a second private mapping sees: "
m_acces: .asciz "shared writable mapping of a read-only fd: "
m_unal:  .asciz "unaligned offset: "
m_badf:  .asciz "closed fd: "

        .include "lib/io.s"
