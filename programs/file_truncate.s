; file_truncate.s: O_TRUNC drops the file's page-cache pages from the cache
; and from every mapping, as Linux's truncate does. A page of a MAP_SHARED
; mapping is dirtied (never written back), and a MAP_PRIVATE mapping of the
; same file gets a private copy by a store; then the file is opened again
; with O_TRUNC: a child touching either mapped page, now past the end of
; the file, dies of SIGBUS (the private copy is unmapped too, as Linux's
; truncate does); a write at offset 16 regrows the file, and both read()
; and the mapping see zeros before that byte, never the old data; at exit
; nothing stale is written back.
;! file data.txt: old data\n
;! root-after data.txt: \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0Z
;! stdout: mapped: old data\n
;! stdout: the child touching the truncated page: 135\n
;! stdout: the child touching the private copy: 135\n
;! stdout: read() of 17 bytes after the regrowth: 17, sum 90\n
;! stdout: the mapping at 0: 0\n
;! stdout: the mapping at 16: 90\n
;! stderr-contains: SIGBUS
        .text
_start: la    a0, path
        li    a1, O_RDWR
        sys   open
        mov   s0, a0
        li    a0, 0
        li    a1, 2 * PAGE_SIZE
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
        li    a2, 9
        sys   write
        li    t0, 'N'               ; "old" -> "NEW" through the mapping: dirty, not written back
        sb    t0, 0(s1)
        li    t0, 'E'
        sb    t0, 1(s1)
        li    t0, 'W'
        sb    t0, 2(s1)
        li    a0, 0                 ; a private mapping of the file, with a copy of its page
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE
        mov   a4, s0
        li    a5, 0
        sys   mmap
        la    t0, private
        sw    a0, 0(t0)
        li    t1, 'p'
        sb    t1, 0(a0)

        la    a0, path              ; the truncation
        li    a1, O_RDWR | O_TRUNC
        sys   open
        mov   s2, a0

        sys   fork
        bnez  a0, parent
        lbu   a0, 0(s1)             ; past the end of the file now: SIGBUS
        sys   exit
parent: la    a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_child
        call  say
        sys   fork
        bnez  a0, parent2
        la    t0, private
        lw    t0, 0(t0)
        lbu   a0, 0(t0)             ; the private copy is gone too: SIGBUS
        sys   exit
parent2: la   a0, status
        sys   wait
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_child2
        call  say

        mov   a0, s2                ; regrow: one byte at offset 16
        li    a1, 16
        li    a2, 0
        sys   lseek
        mov   a0, s2
        la    a1, zed
        li    a2, 1
        sys   write
        mov   a0, s0                ; read() from the start: 16 zeros and the Z
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
        mov   a0, s2
        call  putdec
        li    t0, 0                 ; the sum of the bytes read
        li    t1, 0
sum:    bge   t0, s2, summed
        la    t2, buf
        add   t2, t2, t0
        lbu   t2, 0(t2)
        add   t1, t1, t2
        addi  t0, t0, 1
        j     sum
summed: la    a0, m_sum
        mov   a1, t1
        call  say
        lbu   a1, 0(s1)
        la    a0, m_map0
        call  say
        lbu   a1, 16(s1)
        la    a0, m_map16
        call  say
        li    a0, 0
        sys   exit

        .bss
status: .space 4
private: .space 4
buf:    .space 64

        .rodata
path:     .asciz "/data.txt"
zed:      .ascii "Z"
m_mapped: .asciz "mapped: "
m_child:  .asciz "the child touching the truncated page: "
m_child2: .asciz "the child touching the private copy: "
m_read:   .asciz "read() of 17 bytes after the regrowth: "
m_sum:    .asciz ", sum "
m_map0:   .asciz "the mapping at 0: "
m_map16:  .asciz "the mapping at 16: "

        .include "lib/io.s"
