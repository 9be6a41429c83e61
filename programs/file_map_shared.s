; file_map_shared.s: a MAP_SHARED file mapping and write() share the same
; page-cache page: a store through the mapping changes the file, and a
; write() shows up in the mapping at once. The process exits without msync
; or munmap: exit writes the dirty page back, nothing is lost.
;! file page.txt: the quick brown fox\n
;! root-after page.txt: the QUICK brown cat\n
;! stdout: mapped: the quick brown fox\n
;! stdout: after the stores and the write: the QUICK brown cat\n
;! stdout: read() sees: the QUICK brown cat\n
;! stdout: past the end of the file: 0\n
        .text
_start: la    a0, path
        li    a1, O_RDWR
        sys   open
        mov   s0, a0
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED
        mov   a4, s0
        li    a5, 0
        sys   mmap
        mov   s1, a0
        la    a0, m_mapped
        call  puts
        li    a0, 1
        mov   a1, s1
        li    a2, 20
        sys   write

        li    t0, 4                 ; "quick" -> "QUICK" through the mapping
up:     add   t1, s1, t0
        lbu   t2, 0(t1)
        addi  t2, t2, 'A' - 'a'
        sb    t2, 0(t1)
        addi  t0, t0, 1
        li    t3, 9
        blt   t0, t3, up
        mov   a0, s0                ; "fox" -> "cat" with write()
        li    a1, 16
        li    a2, 0
        sys   lseek
        mov   a0, s0
        la    a1, cat
        li    a2, 3
        sys   write
        la    a0, m_after
        call  puts
        li    a0, 1
        mov   a1, s1
        li    a2, 20
        sys   write

        mov   a0, s0
        li    a1, 0
        li    a2, 0
        sys   lseek
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
        lw    a1, 20(s1)
        lw    t0, 4092(s1)
        or    a1, a1, t0
        la    a0, m_past
        call  say
        li    a0, 0
        sys   exit

        .bss
buf:    .space 64

        .rodata
path:    .asciz "/page.txt"
cat:     .ascii "cat"
m_mapped: .asciz "mapped: "
m_after: .asciz "after the stores and the write: "
m_read:  .asciz "read() sees: "
m_past:  .asciz "past the end of the file: "

        .include "lib/io.s"
