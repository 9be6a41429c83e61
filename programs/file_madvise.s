; file_madvise.s: MADV_DONTNEED drops pages. What comes back depends on the
; mapping: a private anonymous page reads zero, a private file page reads
; the file again (the private change is gone), and a shared page, anonymous
; or file, keeps its data (the file keeps the change).
;! file f.txt: file data\n
;! root-after f.txt: YYYY data\n
;! stdout: private anonymous: 88 then 0\n
;! stdout: private file: XXXX data then file data\n
;! stdout: shared anonymous: 77 then 77\n
;! stdout: shared file: YYYY data then YYYY data\n
;! stdout: every madvise returned: 0\n
        .text
_start: li    s2, 0                 ; or of the madvise results
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        call  map
        mov   s0, a0
        li    t0, 88
        sw    t0, 0(s0)
        la    a0, m_pa
        call  puts
        lw    a0, 0(s0)
        call  putdec
        call  dontneed
        la    a0, m_then
        call  puts
        lw    a0, 0(s0)
        call  putdec
        call  putnl

        la    a0, path
        li    a1, O_RDWR
        sys   open
        mov   s1, a0
        li    a3, MAP_PRIVATE
        mov   a4, s1
        call  map
        mov   s0, a0
        li    t0, 0x58585858        ; "XXXX"
        sw    t0, 0(s0)
        la    a0, m_pf
        call  puts
        call  show9
        call  dontneed
        la    a0, m_then
        call  puts
        call  show9
        call  putnl

        li    a3, MAP_SHARED | MAP_ANONYMOUS
        li    a4, -1
        call  map
        mov   s0, a0
        li    t0, 77
        sw    t0, 0(s0)
        la    a0, m_sa
        call  puts
        lw    a0, 0(s0)
        call  putdec
        call  dontneed
        la    a0, m_then
        call  puts
        lw    a0, 0(s0)
        call  putdec
        call  putnl

        li    a3, MAP_SHARED
        mov   a4, s1
        call  map
        mov   s0, a0
        li    t0, 0x59595959        ; "YYYY"
        sw    t0, 0(s0)
        la    a0, m_sf
        call  puts
        call  show9
        call  dontneed
        la    a0, m_then
        call  puts
        call  show9
        call  putnl
        mov   a1, s2
        la    a0, m_res
        call  say
        li    a0, 0
        sys   exit

; map(a3 = flags, a4 = fd): a one-page read-write mapping at offset 0.
map:    li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a5, 0
        sys   mmap
        ret

; dontneed(): MADV_DONTNEED on the page at s0; the result is or-ed into s2.
dontneed:
        mov   a0, s0
        li    a1, PAGE_SIZE
        li    a2, MADV_DONTNEED
        sys   madvise
        or    s2, s2, a0
        ret

; show9(): write the 9 bytes at s0.
show9:  li    a0, 1
        mov   a1, s0
        li    a2, 9
        sys   write
        ret

        .rodata
path:   .asciz "/f.txt"
m_pa:   .asciz "private anonymous: "
m_pf:   .asciz "private file: "
m_sa:   .asciz "shared anonymous: "
m_sf:   .asciz "shared file: "
m_then: .asciz " then "
m_res:  .asciz "every madvise returned: "

        .include "lib/io.s"
