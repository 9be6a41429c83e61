; file_read_cow.s: the kernel's own stores into user memory take the same
; faults as the program's. After fork, read() into a copy-on-write page
; copies the page for the child; the parent's page keeps its contents. No
; stack is used, so the one copy is the only one.
;! file word.txt: contents\n
;! stdout: contents\n
;! stdout: ........\n
;! stats: forks=1 cow_copies=1 segv=0
        .text
_start: la    s0, buf
        li    t0, 0x2e2e2e2e        ; "........\n"
        sw    t0, 0(s0)
        sw    t0, 4(s0)
        li    t0, '\n'
        sb    t0, 8(s0)
        sys   fork
        bnez  a0, parent
        la    a0, path
        li    a1, O_RDONLY
        sys   open
        mov   s1, a0
        mov   a0, s1
        mov   a1, s0
        li    a2, 9
        sys   read                  ; into the copy-on-write page: a copy
        li    a0, 1
        mov   a1, s0
        li    a2, 9
        sys   write
        li    a0, 0
        sys   exit
parent: la    a0, status
        sys   wait
        li    a0, 1
        mov   a1, s0
        li    a2, 9
        sys   write
        li    a0, 0
        sys   exit

        .rodata
path:   .asciz "/word.txt"

        .bss
buf:    .space 16
        .align PAGE_SIZE
status: .space 4
