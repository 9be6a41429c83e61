; file_mapping.s: memory backed by a file. The program maps files/poem.txt
; (seen as /poem.txt with --root examples/files) and writes the mapping to
; stdout. The first touch of the page is a `file` fault that has to read
; the file: a major fault. A second, separate mapping of the same file
; finds the page already in the page cache: a minor fault, no I/O.
;
;     ./faultline run examples/file_mapping.s --root examples/files
;     ./faultline run examples/file_mapping.s --root examples/files --trace=fault
        .text
_start: la    a0, path
        li    a1, O_RDONLY
        sys   open
        blt   a0, zero, fail
        mov   s0, a0
        call  map
        mov   s1, a0
        li    a0, 1
        mov   a1, s1                ; write() reads the mapping: major file fault
        li    a2, 38
        sys   write
        call  map
        lbu   t0, 0(a0)             ; same page, other mapping: minor file fault
        lbu   t1, 0(s1)
        bne   t0, t1, fail
        li    a0, 0
        sys   exit
fail:   li    a0, 1
        sys   exit

; map(): map the first page of the file open at s0, read-only.
map:    li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        li    a3, MAP_PRIVATE
        mov   a4, s0
        li    a5, 0
        sys   mmap
        ret

        .rodata
path:   .asciz "/poem.txt"

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
